import { notFound } from "~/auth/guards.server";

// Any unknown path renders the root ErrorBoundary's Vietnamese 404 page.
export async function loader() {
  notFound();
}

export default function NotFound() {
  return null;
}
