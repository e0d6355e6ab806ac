/** An accessible progress bar (role=progressbar, named by its label; the visible label may be shorter). */
export function ProgressBar(props: { value: number; label: string; detail?: string; visibleLabel?: string }) {
  const value = Math.max(0, Math.min(100, Math.round(props.value)));
  return (
    <div className="progress">
      <div className="progress-text">
        <span>{props.visibleLabel ?? props.label}</span>
        <span>{props.detail ?? `${value}%`}</span>
      </div>
      <div
        className="progress-track"
        role="progressbar"
        aria-label={props.label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={value}
      >
        <div className="progress-fill" style={{ width: `${value}%` }} />
      </div>
    </div>
  );
}
