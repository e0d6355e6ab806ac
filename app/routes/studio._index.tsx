import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireUserWithRole } from "~/auth/guards.server";

export const meta: MetaFunction = () => [{ title: "Soạn bài giảng – Học Dân vận" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = requireUserWithRole(args, ["TRAINER", "ADMIN"]);
  return { fullName: user.fullName };
}

export default function Studio() {
  const { fullName } = useLoaderData<typeof loader>();
  return (
    <div className="container">
      <h1>Soạn bài giảng</h1>
      <p>Xin chào {fullName}. Đây là không gian làm việc của giảng viên.</p>
      <div className="card">
        <h2>Bài giảng và ngân hàng câu hỏi</h2>
        <p className="muted">Danh sách khóa học, bài giảng và ngân hàng câu hỏi bạn phụ trách sẽ hiển thị tại đây.</p>
      </div>
    </div>
  );
}
