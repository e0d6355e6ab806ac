import { Form } from "@remix-run/react";

import { ErrorSummary, SelectField, TextField, valueOf } from "~/components/form-fields";
import { UNIT_KIND_LABELS, UNIT_KINDS } from "~/org/units";

export function UnitForm(props: {
  submitLabel: string;
  parents: { id: string; label: string }[];
  defaults?: { name: string; kind: string; parentId: string };
  values?: Record<string, string | string[]>;
  errors?: Record<string, string>;
}) {
  const { values, errors, defaults } = props;
  const v = (name: "name" | "kind" | "parentId") => (values ? valueOf(values, name) : (defaults?.[name] ?? ""));
  return (
    <>
      <ErrorSummary errors={errors} />
      <Form method="post" className="form" noValidate>
        <TextField
          name="name"
          label="Tên đơn vị"
          required
          defaultValue={v("name")}
          error={errors?.name}
          hint="Ví dụ: Xã Hòa Bình, Sở Nội vụ, Chi bộ thôn Đông."
        />
        <SelectField
          name="kind"
          label="Loại đơn vị"
          required
          placeholder="— Chọn loại —"
          options={UNIT_KINDS.map((k) => ({ value: k, label: UNIT_KIND_LABELS[k] }))}
          defaultValue={v("kind")}
          error={errors?.kind}
        />
        <SelectField
          name="parentId"
          label="Đơn vị cấp trên"
          placeholder="(Không có – đơn vị gốc)"
          options={props.parents.map((p) => ({ value: p.id, label: p.label }))}
          defaultValue={v("parentId")}
          error={errors?.parentId}
        />
        <div className="form-actions">
          <button type="submit" className="button">
            {props.submitLabel}
          </button>
          <a href="/admin/units">Hủy</a>
        </div>
      </Form>
    </>
  );
}
