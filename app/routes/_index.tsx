import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";

import { getOptionalUser } from "~/auth/guards.server";
import { homePathFor } from "~/auth/roles";

// A plain form and links: no JavaScript needed (README "Reading pages ship no JavaScript").
export const handle = { hydrate: false };
export const meta: MetaFunction = () => [
  { title: "Học Dân vận – Bồi dưỡng công tác dân vận cho cán bộ, công chức" },
  {
    name: "description",
    content:
      "Học trực tuyến về công tác dân vận và tư tưởng Hồ Chí Minh về dân vận: bài học ngắn, bài kiểm tra, chứng nhận có thể xác minh.",
  },
];

export async function loader(args: LoaderFunctionArgs) {
  const user = getOptionalUser(args);
  return { home: user ? homePathFor(user) : null, firstName: user?.fullName.split(" ").at(-1) ?? null };
}

export default function Home() {
  const { home, firstName } = useLoaderData<typeof loader>();
  return (
    <>
      <section className="hero">
        <div className="container">
          <h1>Học Dân vận</h1>
          <p>
            Nền tảng bồi dưỡng công tác dân vận dành cho cán bộ, công chức cấp tỉnh và cấp xã: học tư tưởng Hồ Chí Minh
            về dân vận, phong trào thi đua “Dân vận khéo”, dân vận chính quyền và kỹ năng làm việc với nhân dân.
          </p>
          <blockquote>
            “Dân vận kém thì việc gì cũng kém. Dân vận khéo thì việc gì cũng thành công.”
            <br />
            <small>Hồ Chí Minh, “Dân vận”, báo Sự thật, số 120, ngày 15/10/1949</small>
          </blockquote>
          {home ? (
            <a className="button" href={home}>
              {firstName ? `Tiếp tục, ${firstName}` : "Vào trang làm việc"}
            </a>
          ) : (
            <a className="button" href="/login">
              Đăng nhập để học
            </a>
          )}
        </div>
      </section>
      <div className="container">
        <h2 className="visually-hidden">Nền tảng mang lại gì</h2>
        <div className="features">
          <div className="card">
            <h3>Bài học ngắn, đọc tốt trên điện thoại</h3>
            <p>Mỗi bài 10–15 phút, trang nhẹ, dùng được cả khi mạng chậm và khi trình duyệt tắt JavaScript.</p>
          </div>
          <div className="card">
            <h3>Kiểm tra để nhớ lâu</h3>
            <p>
              Câu hỏi tự kiểm tra ngay trong bài, bài kiểm tra cuối chương và bài thi cuối khóa được chấm trên máy chủ.
            </p>
          </div>
          <div className="card">
            <h3>Chứng nhận xác minh được</h3>
            <p>
              Hoàn thành khóa học, bạn nhận chứng nhận có mã số và mã QR; bất kỳ ai cũng kiểm tra được tính xác thực tại
              trang <a href="/verify">Xác minh chứng nhận</a>.
            </p>
          </div>
          <div className="card">
            <h3>Theo dõi theo đơn vị</h3>
            <p>
              Quản lý đơn vị giao khóa học, đặt thời hạn và theo dõi tiến độ của cán bộ trong phạm vi mình phụ trách;
              báo cáo theo đơn vị tải về được dạng CSV và Excel.
            </p>
          </div>
        </div>
        <h2>Tài khoản</h2>
        <p>
          Tài khoản do quản trị viên của đơn vị cấp; nền tảng không cho tự đăng ký. Nếu chưa có tài khoản, hãy liên hệ
          bộ phận phụ trách đào tạo của cơ quan, đơn vị bạn.
        </p>
      </div>
    </>
  );
}
