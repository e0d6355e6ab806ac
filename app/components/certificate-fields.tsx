import type { ReactNode } from "react";

import type { CertificatePayload } from "~/certificates/payload";
import { formatPercent } from "~/utils/format";

/** The certified fields, as the owner's page and the public verification page both show them. */
export function CertificateFields(props: { payload: CertificatePayload; issuedOn: string; children?: ReactNode }) {
  const { payload } = props;
  return (
    <dl>
      <dt>Số hiệu</dt>
      <dd>{payload.serial}</dd>
      <dt>Học viên</dt>
      <dd>{payload.learner.name}</dd>
      <dt>Đơn vị</dt>
      <dd>{payload.learner.unit}</dd>
      <dt>Khóa học</dt>
      <dd>
        {payload.course.title} (phiên bản {payload.course.version})
      </dd>
      <dt>Số giờ được công nhận</dt>
      <dd>{payload.course.hours}</dd>
      <dt>Điểm thi cuối khóa</dt>
      <dd>{payload.finalScore !== null ? formatPercent(payload.finalScore) : "—"}</dd>
      <dt>Ngày hoàn thành</dt>
      <dd>{payload.completedOn}</dd>
      <dt>Ngày cấp</dt>
      <dd>{props.issuedOn}</dd>
      <dt>Đơn vị cấp</dt>
      <dd>{payload.issuer}</dd>
      {props.children}
    </dl>
  );
}
