import { useEffect, useState } from "react";

/**
 * Time left until the deadline. The server renders the deadline as a clock time (what a reader
 * without JavaScript sees); once hydrated it counts down and calls onExpire at zero.
 */
export function Countdown(props: { deadline: string; deadlineText: string; onExpire?: () => void }) {
  const [left, setLeft] = useState<number | null>(null);
  useEffect(() => {
    const end = new Date(props.deadline).getTime();
    let fired = false;
    const tick = () => {
      const ms = end - Date.now();
      setLeft(Math.max(0, ms));
      if (ms <= 0 && !fired) {
        fired = true;
        props.onExpire?.();
      }
    };
    tick();
    const timer = setInterval(tick, 1000);
    return () => clearInterval(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- restart only for a new deadline, not for a new onExpire closure
  }, [props.deadline]);
  if (left === null) return <span>Hạn nộp bài: {props.deadlineText}</span>;
  const minutes = Math.floor(left / 60_000);
  const seconds = Math.floor((left % 60_000) / 1000);
  return (
    <span className={left < 60_000 ? "countdown countdown-urgent" : "countdown"}>
      Còn lại{" "}
      <strong>
        {String(minutes).padStart(2, "0")}:{String(seconds).padStart(2, "0")}
      </strong>{" "}
      (hạn nộp {props.deadlineText})
    </span>
  );
}
