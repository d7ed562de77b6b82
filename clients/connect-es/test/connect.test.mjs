// A stock Connect-ES client (generated code, @connectrpc/connect-node transport, no changes)
// calling every method of EnterpriseDataExportService, once with JSON and once with binary.
//
// Environment: BASE_URL (the gateway), API_KEY (sent as X-API-Key), USER_ID (a demo user).
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { createClient, ConnectError, Code } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import {
  ApiKeyRole,
  EnterpriseDataExportService,
  EnterpriseExportScope,
  ExportStatus,
} from "../gen/dataexport/v1/export_pb.js";

const baseUrl = required("BASE_URL");
const apiKey = required("API_KEY");
const userId = required("USER_ID");
const COMPLETION_TIMEOUT_MS = 60_000;

function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`set ${name} in the environment`);
  }
  return value;
}

// key null: no X-API-Key header at all. Every successful call is checked to have gone out and
// come back in the codec asked for, so the binary run is really binary.
function clientFor(useBinaryFormat, key) {
  const expected = useBinaryFormat ? "application/proto" : "application/json";
  const withApiKey = (next) => async (req) => {
    if (key !== null) {
      req.header.set("X-API-Key", key);
    }
    assert.equal(req.header.get("Content-Type"), expected, "request Content-Type");
    const res = await next(req);
    assert.equal(res.header.get("Content-Type")?.split(";")[0], expected, "response Content-Type");
    return res;
  };
  const transport = createConnectTransport({
    baseUrl,
    httpVersion: "1.1",
    useBinaryFormat,
    interceptors: [withApiKey],
  });
  return createClient(EnterpriseDataExportService, transport);
}

async function expectConnectError(promise, code) {
  try {
    await promise;
  } catch (e) {
    assert.ok(e instanceof ConnectError, `expected a ConnectError, got ${e}`);
    assert.equal(e.code, code, `expected code ${Code[code]}, got ${Code[e.code]}: ${e.rawMessage}`);
    return e;
  }
  assert.fail(`expected ConnectError ${Code[code]}, but the call succeeded`);
}

for (const useBinaryFormat of [false, true]) {
  const codec = useBinaryFormat ? "binary (application/proto)" : "JSON (application/json)";

  describe(`Connect-ES client, ${codec}`, () => {
    const client = clientFor(useBinaryFormat, apiKey);
    let uid;

    test("ListTasks returns the user's tasks", async () => {
      const res = await client.listTasks({ userId });
      assert.ok(res.tasks.length > 0, "the demo user has tasks");
      for (const task of res.tasks) {
        assert.ok(task.sessionId, "every task has a session_id");
        assert.ok(task.createdAt, "every task has created_at");
      }
    });

    test("CreateExport starts an export", async () => {
      const res = await client.createExport({
        userId,
        scope: EnterpriseExportScope.FULL,
        reason: `connect-es ${codec}`,
      });
      assert.ok(res.uid, "an export uid");
      assert.equal(res.userId, userId);
      assert.ok(
        [ExportStatus.PENDING, ExportStatus.PROCESSING, ExportStatus.COMPLETED].includes(res.status),
        `status ${ExportStatus[res.status]}`,
      );
      assert.ok(res.createdAt, "created_at is set");
      uid = res.uid;
    });

    test("GetExport reaches EXPORT_STATUS_COMPLETED", async () => {
      assert.ok(uid, "CreateExport gave a uid");
      const deadline = Date.now() + COMPLETION_TIMEOUT_MS;
      let record;
      for (;;) {
        record = (await client.getExport({ uid })).record;
        assert.ok(record, "GetExport returns a record");
        assert.equal(record.uid, uid);
        if (record.status === ExportStatus.COMPLETED) break;
        assert.ok(
          record.status === ExportStatus.PENDING || record.status === ExportStatus.PROCESSING,
          `unexpected status ${ExportStatus[record.status]} ${record.errorMessage}`,
        );
        assert.ok(Date.now() < deadline, `export ${uid} not completed within ${COMPLETION_TIMEOUT_MS} ms`);
        await new Promise((r) => setTimeout(r, 250));
      }
      assert.equal(record.scope, EnterpriseExportScope.FULL);
      assert.ok(record.fileUrl, "a completed export has a file_url");
      assert.equal(typeof record.fileSizeBytes, "bigint");
      assert.ok(record.fileSizeBytes > 0n, "a completed export has a size");
      assert.ok(record.finishedAt, "finished_at is set");
    });

    test("ListExports contains the export", async () => {
      const res = await client.listExports({ userId, pageSize: 100 });
      assert.ok(
        res.records.some((r) => r.uid === uid),
        `ListExports lists ${uid}`,
      );
    });

    test("GetDownloadURL returns a file_url", async () => {
      const res = await client.getDownloadURL({ uid });
      assert.equal(res.uid, uid);
      assert.match(res.fileUrl, /^https?:\/\//);
      assert.ok(res.urlExpiresAt, "url_expires_at is set");
    });

    test("CancelExport on a completed export fails with FailedPrecondition", async () => {
      await expectConnectError(client.cancelExport({ uid, reason: "too late" }), Code.FailedPrecondition);
    });

    test("CreateExport without scope fails with InvalidArgument naming scope", async () => {
      const e = await expectConnectError(client.createExport({ userId }), Code.InvalidArgument);
      assert.match(e.rawMessage, /scope/);
    });

    test("SearchMembers finds the user by a piece of their email", async () => {
      const all = await client.searchMembers({});
      const user = all.members.find((m) => m.userId === userId);
      assert.ok(user, "the user is a member of the key's enterprise");
      const res = await client.searchMembers({ query: user.email.slice(0, 4).toUpperCase() });
      assert.ok(res.members.some((m) => m.userId === userId), "found ignoring case");
    });

    test("GetCaller says the demo key is an admin's", async () => {
      const res = await client.getCaller({});
      assert.equal(res.role, ApiKeyRole.ADMIN);
      assert.ok(res.enterpriseUid, "the key's enterprise");
    });

    test("a call without an API key fails with Unauthenticated", async () => {
      const anonymous = clientFor(useBinaryFormat, null);
      await expectConnectError(anonymous.listTasks({ userId }), Code.Unauthenticated);
    });
  });
}
