/** Unit kinds of the two-tier organisation (since 01/7/2025) and their Vietnamese labels. */
export const UNIT_KINDS = ["TINH", "XA", "PHUONG", "DAC_KHU", "CO_QUAN", "CHI_BO", "KHAC"] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const UNIT_KIND_LABELS: Record<UnitKind, string> = {
  TINH: "Tỉnh / thành phố",
  XA: "Xã",
  PHUONG: "Phường",
  DAC_KHU: "Đặc khu",
  CO_QUAN: "Cơ quan (sở, ban, ngành)",
  CHI_BO: "Chi bộ",
  KHAC: "Đơn vị khác",
};

export function unitKindLabel(kind: string) {
  return (UNIT_KIND_LABELS as Record<string, string>)[kind] ?? kind;
}
