import { Form } from "@remix-run/react";

import { type Role, ROLE_LABELS } from "~/auth/roles";
import { ErrorSummary, SelectField, TextField, valueOf, valuesOf } from "~/components/form-fields";

export type UserFormDefaults = { email: string; fullName: string; position: string; unitId: string; roles: string[] };

/** Create and edit share one form; on edit the password is optional (empty keeps it). */
export function UserForm(props: {
  mode: "create" | "edit";
  units: { id: string; label: string }[];
  grantableRoles: Role[];
  defaults?: UserFormDefaults;
  values?: Record<string, string | string[]>;
  errors?: Record<string, string>;
}) {
  const { values, errors, defaults } = props;
  const checkedRoles = valuesOf(values, "roles", defaults?.roles ?? ["LEARNER"]);
  // After a rejected submit, what the user typed wins over the stored record.
  const v = (name: keyof UserFormDefaults) => (values ? valueOf(values, name) : String(defaults?.[name] ?? ""));
  return (
    <>
      <ErrorSummary errors={errors} />
      <Form method="post" className="form" noValidate>
        <input type="hidden" name="intent" value="save" />
        <TextField
          name="fullName"
          label="Họ và tên"
          required
          autoComplete="off"
          defaultValue={v("fullName")}
          error={errors?.fullName}
        />
        <TextField
          name="email"
          label="Email"
          type="email"
          required
          autoComplete="off"
          defaultValue={v("email")}
          error={errors?.email}
          hint="Dùng để đăng nhập."
        />
        <TextField
          name="position"
          label="Chức vụ"
          defaultValue={v("position")}
          error={errors?.position}
          hint="Ví dụ: Phó Chủ tịch UBND xã, Công chức Văn hóa – Xã hội."
        />
        <SelectField
          name="unitId"
          label="Đơn vị"
          required
          placeholder="— Chọn đơn vị —"
          options={props.units.map((u) => ({ value: u.id, label: u.label }))}
          defaultValue={v("unitId")}
          error={errors?.unitId}
        />
        <fieldset className="field" aria-describedby={errors?.roles ? "field-roles-error" : undefined}>
          <legend>Vai trò</legend>
          {props.grantableRoles.map((role) => (
            <label key={role} className="checkbox">
              <input type="checkbox" name="roles" value={role} defaultChecked={checkedRoles.includes(role)} />
              {ROLE_LABELS[role]}
            </label>
          ))}
          {errors?.roles ? (
            <p className="field-error" id="field-roles-error">
              {errors.roles}
            </p>
          ) : null}
        </fieldset>
        <TextField
          name="password"
          label={props.mode === "create" ? "Mật khẩu ban đầu (không bắt buộc)" : "Đặt lại mật khẩu"}
          type="password"
          autoComplete="new-password"
          error={errors?.password}
          hint={
            props.mode === "create"
              ? "Để trống để gửi email cho người dùng tự đặt mật khẩu (khuyến nghị). Nếu nhập: ít nhất 8 ký tự, trao trực tiếp cho người dùng."
              : "Để trống nếu không đổi. Đặt lại sẽ đăng xuất người dùng khỏi mọi thiết bị."
          }
        />
        <div className="form-actions">
          <button type="submit" className="button">
            {props.mode === "create" ? "Tạo tài khoản" : "Lưu thay đổi"}
          </button>
          <a href="/admin/users">Hủy</a>
        </div>
      </Form>
    </>
  );
}
