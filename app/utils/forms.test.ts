import { describe, expect, test } from "vitest";

import { ChangePasswordSchema } from "~/auth/account.server";
import { ReflectionSchema } from "~/courses/reflections.server";
import { UnitFormSchema } from "~/org/units.server";
import { CreateUserSchema } from "~/org/users.server";
import { formValues, parseForm } from "~/utils/forms";

function form(entries: [string, string][]) {
  const data = new FormData();
  for (const [k, v] of entries) data.append(k, v);
  return data;
}

const user = {
  email: "a@thu.test",
  fullName: "Nguyễn Văn A",
  position: "",
  unitId: "u1",
  password: "MatKhau@123",
};

describe("form fields are bounded and clean", () => {
  test("a 1 MB email is refused with a Vietnamese message", () => {
    const parsed = parseForm(
      form([...Object.entries({ ...user, email: `${"a".repeat(1024 * 1024)}@thu.test` }), ["roles", "LEARNER"]]),
      CreateUserSchema,
      { arrays: ["roles"] },
    );
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors.email).toBe("Email không được dài quá 254 ký tự.");
  });

  test("NUL bytes and control characters are stripped from names and positions", () => {
    const parsed = parseForm(
      form([
        ...Object.entries({ ...user, fullName: "Nguyễn\u0000 Văn\u0007 A\u001b", position: "Cán\u0000 bộ\u007f" }),
        ["roles", "LEARNER"],
      ]),
      CreateUserSchema,
      { arrays: ["roles"] },
    );
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      expect(parsed.data.fullName).toBe("Nguyễn Văn A");
      expect(parsed.data.position).toBe("Cán bộ");
    }
    const unit = parseForm(
      form([
        ["name", "Xã\u0000 Hòa Bình"],
        ["kind", "XA"],
      ]),
      UnitFormSchema,
    );
    expect(unit.ok && unit.data.name).toBe("Xã Hòa Bình");
  });

  test("a name made only of control characters is empty, hence refused", () => {
    const parsed = parseForm(
      form([...Object.entries({ ...user, fullName: "\u0000\u0001" }), ["roles", "LEARNER"]]),
      CreateUserSchema,
      { arrays: ["roles"] },
    );
    expect(parsed.ok).toBe(false);
  });

  test("reflections keep line breaks but lose other control characters; ids and passwords are bounded", () => {
    const parsed = parseForm(
      form([
        ["reflectionId", "y-nghia"],
        ["answer", "Dòng một\r\nDòng\u0000 hai\tba"],
      ]),
      ReflectionSchema,
    );
    expect(parsed.ok && parsed.data.answer).toBe("Dòng một\r\nDòng hai\tba");
    expect(
      parseForm(
        form([
          ["reflectionId", "a".repeat(500)],
          ["answer", "x"],
        ]),
        ReflectionSchema,
      ).ok,
    ).toBe(false);
    const confirm = parseForm(
      form([
        ["currentPassword", "x".repeat(5000)],
        ["newPassword", "MatKhau@123"],
        ["confirmPassword", "MatKhau@123"],
      ]),
      ChangePasswordSchema,
    );
    expect(confirm.ok).toBe(false);
  });

  test("form values are read in one pass: 40,000 distinct keys take milliseconds", () => {
    const data = form(Array.from({ length: 40_000 }, (_, i) => [`k${i}`, "v"] as [string, string]));
    const started = performance.now();
    formValues(data);
    parseForm(data, UnitFormSchema);
    // Quadratic reading took seconds here; linear takes a few ms. Generous bound, not a benchmark.
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
