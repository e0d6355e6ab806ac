import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";

import { requireUserWithRole, scopePathFor } from "~/auth/guards.server";
import { hasRole } from "~/auth/roles";
import { unitKindLabel } from "~/org/units";
import { listUnits } from "~/org/units.server";

export const meta: MetaFunction = () => [{ title: "Đơn vị – Học Dân vận" }];

export async function loader(args: LoaderFunctionArgs) {
  const actor = requireUserWithRole(args, ["ADMIN", "UNIT_MANAGER"]);
  const units = await listUnits({ withinPath: scopePathFor(actor) });
  return { units, canEdit: hasRole(actor, "ADMIN") };
}

type Node = ReturnType<typeof useLoaderData<typeof loader>>["units"][number];

function buildTree(units: Node[]) {
  const children = new Map<string | null, Node[]>();
  const ids = new Set(units.map((u) => u.id));
  for (const u of units) {
    const key = u.parentId && ids.has(u.parentId) ? u.parentId : null;
    children.set(key, [...(children.get(key) ?? []), u]);
  }
  return children;
}

function Tree(props: { parentId: string | null; nodes: Map<string | null, Node[]>; canEdit: boolean }) {
  const nodes = props.nodes.get(props.parentId) ?? [];
  if (!nodes.length) return null;
  return (
    <ul className="tree">
      {nodes.map((u) => (
        <li key={u.id}>
          {props.canEdit ? <a href={`/admin/units/${u.id}`}>{u.name}</a> : <strong>{u.name}</strong>}{" "}
          <span className="muted">
            · {unitKindLabel(u.kind)} · <a href={`/admin/users?unitId=${u.id}`}>{u.userCount} người</a>
          </span>
          <Tree parentId={u.id} nodes={props.nodes} canEdit={props.canEdit} />
        </li>
      ))}
    </ul>
  );
}

export default function UnitsPage() {
  const { units, canEdit } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-head">
        <h1>Đơn vị</h1>
        {canEdit ? (
          <a className="button" href="/admin/units/new">
            Thêm đơn vị
          </a>
        ) : null}
      </div>
      <p className="muted">
        Mô hình chính quyền địa phương hai cấp (tỉnh, xã) từ ngày 01/7/2025. Số người ở mỗi đơn vị chỉ tính người trực
        tiếp thuộc đơn vị đó.
      </p>
      <Tree parentId={null} nodes={buildTree(units)} canEdit={canEdit} />
    </>
  );
}
