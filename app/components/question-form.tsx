import { Form } from "@remix-run/react";

import { ErrorSummary, SelectField, TextField } from "~/components/form-fields";
import { type QuestionFormValues, type QuestionType, TYPE_LABELS } from "~/studio/question-form";

const DIFFICULTY_OPTIONS = [
  { value: "easy", label: "Dễ" },
  { value: "medium", label: "Trung bình" },
  { value: "hard", label: "Khó" },
];
const SCORING_OPTIONS = [
  { value: "all_or_nothing", label: "Đủ mới được điểm" },
  { value: "partial", label: "Tính điểm từng phần" },
];

function FieldError({ id, message }: { id: string; message?: string }) {
  return message ? (
    <p className="field-error" id={id}>
      {message}
    </p>
  ) : null;
}

/** The question form of the bank editor: plain inputs, works without JavaScript. */
export function QuestionForm(props: {
  type: QuestionType;
  isNew: boolean;
  values: QuestionFormValues;
  lessons: { slug: string; title: string }[];
  errors?: Record<string, string>;
}) {
  const { type, values, errors } = props;
  const err = (name: string) => errors?.[name];
  const described = (name: string) => (err(name) ? `field-${name}-error` : undefined);
  return (
    <Form method="post" className="stack" noValidate>
      <ErrorSummary errors={errors} />
      <input type="hidden" name="type" value={type} />
      <p>
        Loại câu hỏi: <strong>{TYPE_LABELS[type]}</strong>
      </p>
      {props.isNew ? (
        <TextField
          name="id"
          label="Mã câu hỏi"
          defaultValue={values.id}
          error={err("id")}
          required
          hint="Chữ thường không dấu, số và gạch nối, ví dụ nm-m1-020. Không đổi được sau khi lưu: thống kê gắn với mã này."
        />
      ) : null}
      <SelectField
        name="lesson"
        label="Bài học dạy nội dung này"
        options={props.lessons.map((l) => ({ value: l.slug, label: l.title }))}
        defaultValue={values.lesson}
        error={err("lesson")}
        required
      />
      <div className="field">
        <label htmlFor="field-prompt">
          Câu hỏi<span aria-hidden="true"> *</span>
        </label>
        <textarea
          id="field-prompt"
          name="prompt"
          rows={3}
          defaultValue={values.prompt}
          aria-invalid={err("prompt") ? true : undefined}
          aria-describedby={described("prompt")}
        />
        <FieldError id="field-prompt-error" message={err("prompt")} />
      </div>
      {type === "true_false" ? (
        <fieldset aria-describedby={described("answer")}>
          <legend>Đáp án đúng</legend>
          <label>
            <input type="radio" name="answer" value="true" defaultChecked={values.trueFalse === "true"} /> Đúng
          </label>{" "}
          <label>
            <input type="radio" name="answer" value="false" defaultChecked={values.trueFalse === "false"} /> Sai
          </label>
          <FieldError id="field-answer-error" message={err("answer")} />
        </fieldset>
      ) : (
        <fieldset aria-describedby={[described("options"), described("answer")].filter(Boolean).join(" ") || undefined}>
          <legend>
            Các phương án{" "}
            {type === "ordering"
              ? "(ghi vị trí đúng của từng phương án: 1, 2, 3…)"
              : type === "multiple"
                ? "(đánh dấu mọi phương án đúng)"
                : "(chọn phương án đúng)"}
          </legend>
          <p className="hint">Để trống ô nào thì phương án đó không được dùng.</p>
          {values.options.map((o, i) => (
            <div className="field option-row" key={o.id}>
              <input type="hidden" name="optionId" value={o.id} />
              <label htmlFor={`option-${o.id}`}>Phương án {i + 1}</label>
              <input id={`option-${o.id}`} name="optionText" type="text" defaultValue={o.text} />
              {type === "ordering" ? (
                <>
                  <label htmlFor={`rank-${o.id}`}>Vị trí đúng của phương án {i + 1}</label>
                  <input
                    id={`rank-${o.id}`}
                    name="rank"
                    type="number"
                    min={1}
                    max={values.options.length}
                    inputMode="numeric"
                    defaultValue={o.rank === "0" ? "" : o.rank}
                  />
                </>
              ) : (
                <label>
                  <input
                    type={type === "multiple" ? "checkbox" : "radio"}
                    name="answer"
                    value={o.id}
                    defaultChecked={o.correct}
                  />{" "}
                  Phương án {i + 1} là đáp án đúng
                </label>
              )}
            </div>
          ))}
          <FieldError id="field-options-error" message={err("options")} />
          <FieldError id="field-answer-error" message={err("answer")} />
        </fieldset>
      )}
      {type === "multiple" || type === "ordering" ? (
        <SelectField
          name="scoring"
          label="Cách chấm"
          options={SCORING_OPTIONS}
          defaultValue={values.scoring}
          error={err("scoring")}
        />
      ) : null}
      <div className="field">
        <label htmlFor="field-explanation">
          Giải thích (người học xem sau khi nộp bài)<span aria-hidden="true"> *</span>
        </label>
        <textarea
          id="field-explanation"
          name="explanation"
          rows={4}
          defaultValue={values.explanation}
          aria-invalid={err("explanation") ? true : undefined}
          aria-describedby={described("explanation")}
        />
        <FieldError id="field-explanation-error" message={err("explanation")} />
      </div>
      <SelectField
        name="difficulty"
        label="Độ khó"
        options={DIFFICULTY_OPTIONS}
        defaultValue={values.difficulty}
        error={err("difficulty")}
      />
      <TextField
        name="tags"
        label="Thẻ"
        defaultValue={values.tags}
        error={err("tags")}
        hint="Cách nhau bằng dấu phẩy, chữ thường không dấu, ví dụ dinh-nghia, trich-dan."
      />
      <button type="submit" name="intent" value="save" className="button">
        Lưu bản nháp
      </button>
    </Form>
  );
}
