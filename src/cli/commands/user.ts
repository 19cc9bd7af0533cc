import { type Command, Option } from "commander";
import type { CreateUserInput } from "../../app/users/createUser.js";
import type { User } from "../../contract/api/users.js";
import { DubanError, ErrorCode } from "../../core/errors.js";
import type { Db } from "../../db/database.js";
import type { Role } from "../../db/schema.js";
import type { CliContext } from "../context.js";
import { writeStdout } from "../output.js";

interface UserAddOptions {
  username: string;
  role: Role;
  displayName?: string;
  region?: string;
  department?: string;
  passwordStdin?: boolean;
}

const ROLES: Role[] = ["admin", "supervisor", "department", "viewer"];
const ROLE_ZH: Record<Role, string> = {
  admin: "管理员",
  supervisor: "督查员",
  department: "部门用户",
  viewer: "只读用户",
};

/**
 * `duban user add`: creates an account on the machine that holds the database, acting as the system. The
 * ledger is the global `--db URL` (or DATABASE_URL).
 */
export function registerUser(program: Command, ctx: CliContext): void {
  const user = program.command("user").description("ledger accounts (用户管理)");
  user
    .command("add")
    .description("add a user; the password comes from stdin (--password-stdin) or a prompt on a terminal")
    .requiredOption("--username <name>", "login name: 2–64 letters, digits or . _ - @")
    .addOption(new Option("--role <role>", "what the user may do").choices(ROLES).makeOptionMandatory())
    .option("--display-name <name>", "the name shown in the app (default: the username)")
    .option("--region <region>", "region id or exact name (supervisors: the region they supervise)")
    .option("--department <department>", "department id, name or short name (required for --role department)")
    .option("--password-stdin", "read the password from standard input (one line)")
    .addHelpText(
      "after",
      `
The password must have at least 8 characters. It is stored only as an argon2id hash.

Examples:
  printf '%s\\n' "$PASSWORD" | duban user add --username admin --role admin --password-stdin
  duban user add --username zhangsan --role department --department 发改委   (prompts for the password)

Exit codes: 0 created, 1 failed (e.g. the username is taken), 2 usage error (bad option or value).`,
    )
    .action(async (opts: UserAddOptions, cmd: Command) => {
      ctx.exitCode = await runUserAdd(ctx, cmd, opts);
    });
}

async function runUserAdd(ctx: CliContext, cmd: Command, opts: UserAddOptions): Promise<number> {
  const password = opts.passwordStdin ? await readPasswordFromStdin() : await promptPassword();
  const { dbFlag, openTarget, resolveTarget } = await import("../database.js");
  const db = await openTarget(resolveTarget(ctx, dbFlag(cmd)));
  try {
    const created = await addUser(db, opts, password);
    await writeStdout(
      `created user ${created.username} (${created.role}), id ${created.id}\n` +
        `已创建用户 ${created.username}（${ROLE_ZH[created.role]}），编号 ${created.id}\n`,
    );
    return 0;
  } finally {
    await db.close();
  }
}

/** Creates the user through the same use case the API uses, as the system actor (audited as "system"). */
export async function addUser(db: Db, opts: UserAddOptions, password: string): Promise<User> {
  const [{ SYSTEM_ACTOR }, { systemContext }, { createUser }, repo] = await Promise.all([
    import("../../app/actor.js"),
    import("../../app/context.js"),
    import("../../app/users/createUser.js"),
    import("../../db/repos/users.js"),
  ]);
  const input: CreateUserInput = { username: opts.username, password, role: opts.role };
  if (opts.displayName !== undefined) input.displayName = opts.displayName;
  if (opts.region !== undefined)
    input.regionId = resolved(
      await repo.findRegionRef(db.kysely, opts.region),
      "--region",
      opts.region,
      "地区",
    );
  if (opts.department !== undefined)
    input.departmentId = resolved(
      await repo.findDepartmentRef(db.kysely, opts.department),
      "--department",
      opts.department,
      "部门",
    );
  return createUser(systemContext(db, SYSTEM_ACTOR), input);
}

function resolved(found: string | undefined, option: string, ref: string, zh: string): string {
  if (found === "ambiguous")
    throw new DubanError(
      ErrorCode.InvalidArgument,
      `"${ref}" names more than one; give the id`,
      `“${ref}”对应多个${zh}，请改用编号`,
      { target: option },
    );
  if (!found)
    throw new DubanError(
      ErrorCode.InvalidArgument,
      `no such ${option.slice(2)}: ${ref}`,
      `${zh}不存在：${ref}`,
      {
        target: option,
      },
    );
  return found;
}

const MAX_STDIN = 4096;

/** The first line of stdin (without its line ending): `printf '%s\n' "$PW" | duban user add … --password-stdin`. */
async function readPasswordFromStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const b = chunk as Buffer;
    size += b.length;
    if (size > MAX_STDIN)
      throw new DubanError(
        ErrorCode.InvalidArgument,
        "the password on stdin is too long",
        "标准输入中的密码过长",
        {
          target: "--password-stdin",
        },
      );
    chunks.push(b);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  const line = text.split(/\r?\n/)[0] ?? "";
  if (line === "")
    throw new DubanError(ErrorCode.InvalidArgument, "no password on stdin", "标准输入中没有密码", {
      target: "--password-stdin",
    });
  return line;
}

/** Asks twice on the terminal, without echo. Without a terminal the password must come from --password-stdin. */
async function promptPassword(): Promise<string> {
  if (!process.stdin.isTTY)
    throw new DubanError(
      ErrorCode.InvalidArgument,
      "no terminal to ask for the password: pipe it in with --password-stdin",
      "无法在终端输入密码：请通过 --password-stdin 从标准输入提供",
      { target: "--password-stdin" },
    );
  const first = await readHidden("Password 密码: ");
  const second = await readHidden("Repeat 再次输入: ");
  if (first !== second)
    throw new DubanError(ErrorCode.InvalidArgument, "the passwords do not match", "两次输入的密码不一致", {
      target: "password",
    });
  return first;
}

function readHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  return new Promise((resolve, reject) => {
    let value = "";
    const finish = () => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off("data", onData);
      process.stderr.write("\n");
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === "\r" || ch === "\n") {
          finish();
          resolve(value);
          return;
        }
        if (ch === "\u0003" || ch === "\u0004") {
          finish();
          reject(new DubanError(ErrorCode.InvalidArgument, "cancelled", "已取消"));
          return;
        }
        if (ch === "\u007f" || ch === "\b") value = [...value].slice(0, -1).join("");
        else value += ch;
      }
    };
    process.stderr.write(prompt);
    stdin.setRawMode(true);
    stdin.setEncoding("utf8");
    stdin.resume();
    stdin.on("data", onData);
  });
}
