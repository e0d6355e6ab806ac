import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";

export const meta: MetaFunction = () => [{ title: "Học tập của tôi – Học Dân vận" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = requireUser(args);
  return { fullName: user.fullName, unitName: user.unitName, position: user.position };
}

export default function MyLearning() {
  const { fullName, unitName, position } = useLoaderData<typeof loader>();
  return (
    <div className="container">
      <h1>Học tập của tôi</h1>
      <p>
        Xin chào <strong>{fullName}</strong>
        {position ? `, ${position}` : ""} – {unitName}.
      </p>
      <div className="card">
        <h2>Khóa học của tôi</h2>
        <p className="muted">Bạn chưa bắt đầu khóa học nào. Danh mục khóa học sẽ xuất hiện tại đây khi được mở.</p>
      </div>
    </div>
  );
}
