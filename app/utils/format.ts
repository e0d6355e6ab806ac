/** "2 giờ 30 phút", "45 phút" */
export function formatMinutes(minutes: number) {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (!h) return `${m} phút`;
  return m ? `${h} giờ ${m} phút` : `${h} giờ`;
}

const percentFormat = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 1 });
const numberFormat = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 2 });

/** Vietnamese decimals use a comma: 92,5% */
export function formatPercent(value: number) {
  return `${percentFormat.format(value)}%`;
}

/** 7,5 */
export function formatNumber(value: number) {
  return numberFormat.format(value);
}
