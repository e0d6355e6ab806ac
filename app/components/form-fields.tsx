import type { ReactNode } from "react";

type Values = Record<string, string | string[]> | undefined;

export function valueOf(values: Values, name: string, fallback = "") {
  const v = values?.[name];
  return Array.isArray(v) ? (v[0] ?? fallback) : (v ?? fallback);
}

export function valuesOf(values: Values, name: string, fallback: string[] = []) {
  const v = values?.[name];
  if (v === undefined) return fallback;
  return Array.isArray(v) ? v : [v];
}

/** A labelled input with its hint and error wired up for screen readers. */
export function TextField(props: {
  name: string;
  label: string;
  type?: "text" | "email" | "password" | "search";
  defaultValue?: string;
  error?: string;
  hint?: ReactNode;
  required?: boolean;
  autoComplete?: string;
}) {
  const id = `field-${props.name}`;
  const describedBy =
    [props.hint ? `${id}-hint` : null, props.error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>
        {props.label}
        {props.required ? <span aria-hidden="true"> *</span> : null}
      </label>
      {props.hint ? (
        <p className="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      <input
        id={id}
        name={props.name}
        type={props.type ?? "text"}
        defaultValue={props.defaultValue}
        required={props.required}
        autoComplete={props.autoComplete}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy}
      />
      {props.error ? (
        <p className="field-error" id={`${id}-error`}>
          {props.error}
        </p>
      ) : null}
    </div>
  );
}

export function SelectField(props: {
  name: string;
  label: string;
  options: { value: string; label: string }[];
  defaultValue?: string;
  error?: string;
  required?: boolean;
  placeholder?: string;
}) {
  const id = `field-${props.name}`;
  return (
    <div className="field">
      <label htmlFor={id}>
        {props.label}
        {props.required ? <span aria-hidden="true"> *</span> : null}
      </label>
      <select
        id={id}
        name={props.name}
        defaultValue={props.defaultValue}
        required={props.required}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? `${id}-error` : undefined}
      >
        {props.placeholder !== undefined ? <option value="">{props.placeholder}</option> : null}
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {props.error ? (
        <p className="field-error" id={`${id}-error`}>
          {props.error}
        </p>
      ) : null}
    </div>
  );
}

export function FormError({ message }: { message?: string }) {
  if (!message) return null;
  return (
    <div className="alert alert-error" role="alert">
      {message}
    </div>
  );
}

/** Error summary for a rejected form: announces how many fields need fixing. */
export function ErrorSummary({ errors }: { errors?: Record<string, string> }) {
  if (!errors || Object.keys(errors).length === 0) return null;
  const count = Object.keys(errors).filter((k) => k !== "_form").length;
  return (
    <div className="alert alert-error" role="alert">
      {errors._form ? <p style={{ margin: 0 }}>{errors._form}</p> : null}
      {count > 0 ? <p style={{ margin: 0 }}>Có {count} mục cần sửa. Vui lòng xem các thông báo bên dưới.</p> : null}
    </div>
  );
}
