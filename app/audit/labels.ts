/** Vietnamese names of the audited actions (the log stores the dotted verb; unknown ones show as is). */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  "user.create": "Tạo tài khoản",
  "user.update": "Sửa thông tin người dùng",
  "user.roles": "Đổi vai trò",
  "user.deactivate": "Vô hiệu hóa tài khoản",
  "user.activate": "Kích hoạt lại tài khoản",
  "user.password_reset": "Quản trị viên đặt lại mật khẩu",
  "unit.create": "Tạo đơn vị",
  "unit.update": "Sửa đơn vị",
  "unit.move": "Chuyển đơn vị",
  "import.commit": "Nhập danh sách cán bộ",
  "assignment.create": "Giao đợt học tập",
  "assignment.update": "Sửa đợt học tập",
  "assignment.close": "Đóng đợt học tập",
  "assignment.reopen": "Mở lại đợt học tập",
  "certificate.revoke": "Thu hồi chứng nhận",
  "certificate.reissue": "Cấp lại chứng nhận",
  "lesson.publish": "Xuất bản bài học",
  "lesson.restore": "Khôi phục phiên bản bài học",
  "lesson.retire": "Ngừng dùng bài học",
  "lesson.unretire": "Dùng lại bài học",
};

export function auditActionLabel(action: string) {
  return AUDIT_ACTION_LABELS[action] ?? action;
}
