/**
 * Demo data: the two-tier organisation in force since 01/7/2025 (tỉnh Quảng Trị, after the
 * merger with Quảng Bình, centre at Đồng Hới) with invented people. Idempotent: it does nothing
 * when users already exist, so `npm start` can call it every time.
 * Run: `npm run db:seed` (or `tsx prisma/seed.ts --force` to add missing demo rows anyway).
 */
import { hashPassword } from "~/auth/password.server";
import { prisma } from "~/db.server";
import type { UnitKind } from "~/org/units";
import { createUnit } from "~/org/units.server";

export const DEMO_PASSWORD = "DanVanKheo@2026";

type UnitSpec = { key: string; name: string; kind: UnitKind; parent?: string };

const UNITS: UnitSpec[] = [
  { key: "tinh", name: "Tỉnh Quảng Trị", kind: "TINH" },
  { key: "ban-tgdv", name: "Ban Tuyên giáo và Dân vận Tỉnh ủy", kind: "CO_QUAN", parent: "tinh" },
  { key: "so-noi-vu", name: "Sở Nội vụ", kind: "CO_QUAN", parent: "tinh" },
  { key: "so-vhttdl", name: "Sở Văn hóa, Thể thao và Du lịch", kind: "CO_QUAN", parent: "tinh" },
  { key: "so-nnmt", name: "Sở Nông nghiệp và Môi trường", kind: "CO_QUAN", parent: "tinh" },
  { key: "p-dong-hoi", name: "Phường Đồng Hới", kind: "PHUONG", parent: "tinh" },
  { key: "p-dong-ha", name: "Phường Đông Hà", kind: "PHUONG", parent: "tinh" },
  { key: "x-hoa-binh", name: "Xã Hòa Bình", kind: "XA", parent: "tinh" },
  { key: "cb-hoa-binh", name: "Chi bộ thôn Đông, xã Hòa Bình", kind: "CHI_BO", parent: "x-hoa-binh" },
  { key: "x-tan-lap", name: "Xã Tân Lập", kind: "XA", parent: "tinh" },
  { key: "x-son-thuy", name: "Xã Sơn Thủy", kind: "XA", parent: "tinh" },
  { key: "dk-con-co", name: "Đặc khu Cồn Cỏ", kind: "DAC_KHU", parent: "tinh" },
];

type PersonSpec = { email: string; fullName: string; position: string; unit: string; roles: string[] };

const DEMO_ACCOUNTS: PersonSpec[] = [
  {
    email: "quantri@hocdanvan.test",
    fullName: "Nguyễn Văn Quang",
    position: "Chuyên viên quản trị hệ thống",
    unit: "ban-tgdv",
    roles: ["ADMIN"],
  },
  {
    email: "giangvien@hocdanvan.test",
    fullName: "Trần Thị Thu Hà",
    position: "Giảng viên",
    unit: "ban-tgdv",
    roles: ["TRAINER"],
  },
  {
    email: "quanly@hocdanvan.test",
    fullName: "Lê Minh Tuấn",
    position: "Phó Bí thư Đảng ủy xã",
    unit: "x-hoa-binh",
    roles: ["UNIT_MANAGER", "LEARNER"],
  },
  {
    email: "hocvien@hocdanvan.test",
    fullName: "Phạm Thị Mai",
    position: "Công chức Văn hóa – Xã hội",
    unit: "x-hoa-binh",
    roles: ["LEARNER"],
  },
];

const FAMILY = [
  "Nguyễn",
  "Trần",
  "Lê",
  "Phạm",
  "Hoàng",
  "Võ",
  "Đặng",
  "Bùi",
  "Đỗ",
  "Hồ",
  "Ngô",
  "Dương",
  "Lý",
  "Phan",
  "Trương",
];
const MIDDLE = ["Văn", "Thị", "Minh", "Thanh", "Hữu", "Ngọc", "Đức", "Thu", "Quốc", "Kim"];
const GIVEN = [
  "An",
  "Bình",
  "Cường",
  "Dung",
  "Giang",
  "Hải",
  "Hạnh",
  "Hùng",
  "Hương",
  "Khánh",
  "Lan",
  "Long",
  "Nam",
  "Nga",
  "Phúc",
  "Quyên",
  "Sơn",
  "Tâm",
  "Thảo",
  "Trung",
  "Uyên",
  "Việt",
  "Xuân",
  "Yến",
];
const POSITIONS = [
  "Công chức Văn phòng – Thống kê",
  "Công chức Tư pháp – Hộ tịch",
  "Công chức Văn hóa – Xã hội",
  "Chủ tịch Ủy ban MTTQ",
  "Bí thư Đoàn Thanh niên",
  "Chủ tịch Hội Liên hiệp Phụ nữ",
  "Chuyên viên",
  "Trưởng thôn",
  "Công chức Địa chính – Xây dựng",
];
const LEARNER_UNITS = [
  "x-hoa-binh",
  "cb-hoa-binh",
  "x-tan-lap",
  "x-son-thuy",
  "p-dong-hoi",
  "p-dong-ha",
  "dk-con-co",
  "so-noi-vu",
  "so-vhttdl",
  "so-nnmt",
];

/** Deterministic invented learners, so every seed gives the same demo. */
function demoLearners(count: number): PersonSpec[] {
  const people: PersonSpec[] = [];
  for (let i = 0; i < count; i++) {
    const fullName = `${FAMILY[i % FAMILY.length]} ${MIDDLE[(i * 3) % MIDDLE.length]} ${GIVEN[(i * 7) % GIVEN.length]}`;
    people.push({
      email: `hocvien${String(i + 1).padStart(2, "0")}@hocdanvan.test`,
      fullName,
      position: POSITIONS[i % POSITIONS.length]!,
      unit: LEARNER_UNITS[i % LEARNER_UNITS.length]!,
      roles: ["LEARNER"],
    });
  }
  return people;
}

export async function seedDemoData(options: { force?: boolean } = {}) {
  if (!options.force && (await prisma.user.count()) > 0) return { seeded: false };
  const unitIds = new Map<string, { id: string; path: string }>();
  for (const spec of UNITS) {
    const parent = spec.parent ? unitIds.get(spec.parent)! : null;
    const existing = await prisma.unit.findFirst({ where: { name: spec.name, parentId: parent?.id ?? null } });
    if (existing) {
      unitIds.set(spec.key, existing);
      continue;
    }
    unitIds.set(spec.key, await createUnit({ name: spec.name, kind: spec.kind, parentId: parent?.id ?? null }));
  }
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const person of [...DEMO_ACCOUNTS, ...demoLearners(32)]) {
    await prisma.user.upsert({
      where: { email: person.email },
      update: {},
      create: {
        email: person.email,
        fullName: person.fullName,
        position: person.position,
        unitId: unitIds.get(person.unit)!.id,
        passwordHash,
        roles: { create: person.roles.map((role) => ({ role })) },
      },
    });
  }
  return { seeded: true };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await seedDemoData({ force: process.argv.includes("--force") });
  console.log(result.seeded ? "Đã tạo dữ liệu mẫu." : "Cơ sở dữ liệu đã có dữ liệu: bỏ qua dữ liệu mẫu.");
  await prisma.$disconnect();
}
