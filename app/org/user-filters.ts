/** The user list's filters from the query string: the page and its CSV/XLSX downloads read the same. */
export function parseUserFilters(url: URL): { q: string; unitId: string; status: "active" | "inactive" | "all" } {
  const statusParam = url.searchParams.get("status");
  return {
    q: url.searchParams.get("q")?.slice(0, 200) ?? "",
    unitId: url.searchParams.get("unitId") ?? "",
    status: statusParam === "inactive" || statusParam === "all" ? statusParam : "active",
  };
}
