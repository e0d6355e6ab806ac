import { buildBaseDb } from "./base-db";

export default function setup() {
  buildBaseDb();
}
