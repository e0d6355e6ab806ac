import { Form } from "@remix-run/react";

import { ErrorSummary, SelectField, TextField, valueOf, valuesOf } from "~/components/form-fields";

type Values = Record<string, string | string[]> | undefined;

/**
 * The assignment form, for creating and editing. Works without JavaScript: the audience is a list
 * of checkboxes (the units in the actor's scope, each with "kèm đơn vị trực thuộc") and a textarea
 * of emails for named people.
 */
export function AssignmentForm(props: {
  mode: "new" | "edit";
  courses: { id: string; title: string }[];
  units: { id: string; name: string; depth: number }[];
  defaults?: {
    courseId: string;
    title: string;
    note: string;
    startAt: string;
    dueAt: string;
    unitIds: string[];
    subtreeUnitIds: string[];
    userEmails: string;
  };
  values?: Values;
  errors?: Record<string, string>;
}) {
  const { values, errors, defaults } = props;
  const v = (name: "courseId" | "title" | "note" | "startAt" | "dueAt" | "userEmails") =>
    values ? valueOf(values, name) : (defaults?.[name] ?? "");
  const chosen = new Set(values ? valuesOf(values, "unitIds") : (defaults?.unitIds ?? []));
  const subtree = new Set(values ? valuesOf(values, "subtreeUnitIds") : (defaults?.subtreeUnitIds ?? []));
  return (
    <>
      <ErrorSummary errors={errors} />
      <Form method="post" className="form" noValidate>
        {props.mode === "new" ? (
          <SelectField
            name="courseId"
            label="Khóa học"
            required
            placeholder="— Chọn khóa học —"
            options={props.courses.map((c) => ({ value: c.id, label: c.title }))}
            defaultValue={v("courseId")}
            error={errors?.courseId}
          />
        ) : (
          <input type="hidden" name="courseId" value={v("courseId")} />
        )}
        <TextField
          name="title"
          label="Tên đợt học tập"
          required
          defaultValue={v("title")}
          error={errors?.title}
          hint="Ví dụ: Đợt bồi dưỡng quý I/2027."
        />
        <div className="field">
          <label htmlFor="field-note">Ghi chú</label>
          <p className="hint" id="field-note-hint">
            Ví dụ: Theo Kế hoạch số 12-KH/BTGDVTU.
          </p>
          <textarea
            id="field-note"
            name="note"
            rows={2}
            defaultValue={v("note")}
            aria-describedby={errors?.note ? "field-note-hint field-note-error" : "field-note-hint"}
            aria-invalid={errors?.note ? true : undefined}
          />
          {errors?.note ? (
            <p className="field-error" id="field-note-error">
              {errors.note}
            </p>
          ) : null}
        </div>
        {(["startAt", "dueAt"] as const).map((name) => (
          <div className="field" key={name}>
            <label htmlFor={`field-${name}`}>
              {name === "startAt" ? "Ngày bắt đầu" : "Hạn hoàn thành"}
              <span aria-hidden="true"> *</span>
            </label>
            <input
              id={`field-${name}`}
              type="date"
              name={name}
              required
              defaultValue={v(name)}
              aria-invalid={errors?.[name] ? true : undefined}
              aria-describedby={errors?.[name] ? `field-${name}-error` : undefined}
            />
            {errors?.[name] ? (
              <p className="field-error" id={`field-${name}-error`}>
                {errors[name]}
              </p>
            ) : null}
          </div>
        ))}
        <fieldset className="field" aria-describedby={errors?.unitIds ? "field-unitIds-error" : undefined}>
          <legend>Giao cho đơn vị</legend>
          {errors?.unitIds ? (
            <p className="field-error" id="field-unitIds-error">
              {errors.unitIds}
            </p>
          ) : null}
          <ul className="audience-list">
            {props.units.map((u) => (
              <li key={u.id} style={{ paddingLeft: `${u.depth * 1.25}rem` }}>
                <span className="checkbox">
                  <input
                    id={`unit-${u.id}`}
                    type="checkbox"
                    name="unitIds"
                    value={u.id}
                    defaultChecked={chosen.has(u.id)}
                  />
                  <label htmlFor={`unit-${u.id}`}>{u.name}</label>
                </span>{" "}
                <span className="checkbox">
                  <input
                    id={`subtree-${u.id}`}
                    type="checkbox"
                    name="subtreeUnitIds"
                    value={u.id}
                    defaultChecked={values ? subtree.has(u.id) : defaults ? subtree.has(u.id) : true}
                  />
                  <label htmlFor={`subtree-${u.id}`} className="muted">
                    kèm đơn vị trực thuộc
                  </label>
                </span>
              </li>
            ))}
          </ul>
        </fieldset>
        <div className="field">
          <label htmlFor="field-userEmails">Giao cho cá nhân (email, mỗi dòng một người)</label>
          <p className="hint" id="field-userEmails-hint">
            Giảng viên hoặc quản trị viên chỉ được tính khi được giao đích danh ở đây.
          </p>
          <textarea
            id="field-userEmails"
            name="userEmails"
            rows={3}
            defaultValue={v("userEmails")}
            aria-invalid={errors?.userEmails ? true : undefined}
            aria-describedby={
              errors?.userEmails ? "field-userEmails-hint field-userEmails-error" : "field-userEmails-hint"
            }
          />
          {errors?.userEmails ? (
            <p className="field-error" id="field-userEmails-error">
              {errors.userEmails}
            </p>
          ) : null}
        </div>
        <div className="form-actions">
          <button type="submit" className="button" name="intent" value="save">
            {props.mode === "new" ? "Giao khóa học" : "Lưu thay đổi"}
          </button>
          <a href="/admin/assignments">Hủy</a>
        </div>
      </Form>
    </>
  );
}
