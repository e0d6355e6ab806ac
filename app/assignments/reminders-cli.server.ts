/**
 * `npm run jobs:reminders`: for the system's cron (e.g. hourly). Sends the notices and e-mails that
 * open assignments owe now, then delivers the outbox. Running it twice, or twice at once, sends
 * nothing twice.
 */
import { runReminders } from "~/assignments/reminders.server";
import { configureDatabase, prisma } from "~/db.server";

await configureDatabase();
const result = await runReminders();
console.log(
  `Nhắc hạn: ${result.new} thông báo giao khóa học, ${result.due} nhắc sắp đến hạn, ${result.overdue} quá hạn; ` +
    `đã gửi ${result.sent} thư, lỗi ${result.failed}.`,
);
await prisma.$disconnect();
