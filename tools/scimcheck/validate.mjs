// Validates SCIM resources Cadre served against SCIMMY's implementation
// of the RFC 7643 schemas (User, EnterpriseUser, Group, ResourceType,
// ServiceProviderConfig) and RFC 7644 messages (ListResponse, PatchOp,
// Error). Run by TestSCIM when CADRE_SCIMMY_DIR names a directory with
// scimmy installed: node validate.mjs resources.json
import { readFileSync } from "node:fs";
import SCIMMY from "scimmy";

SCIMMY.Resources.declare(SCIMMY.Resources.User).extend(SCIMMY.Schemas.EnterpriseUser, true);
SCIMMY.Resources.declare(SCIMMY.Resources.Group);

const input = JSON.parse(readFileSync(process.argv[2], "utf8"));
let failures = 0;
let checked = 0;
function check(label, fn) {
  checked++;
  try {
    fn();
  } catch (e) {
    failures++;
    console.error(`${label}: ${e.message}`);
  }
}
// Round trip: what SCIMMY accepts and emits back must keep what Cadre
// sent (key order aside).
function canon(v) {
  if (Array.isArray(v)) return v.map(canon);
  if (v && typeof v === "object") return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canon(v[k])]));
  return v;
}
function same(label, sent, got, keys) {
  for (const k of keys) {
    if (JSON.stringify(canon(sent[k])) !== JSON.stringify(canon(got[k]))) {
      throw new Error(`${label}: ${k} changed from ${JSON.stringify(sent[k])} to ${JSON.stringify(got[k])}`);
    }
  }
}
for (const [i, u] of (input.users ?? []).entries()) {
  check(`user ${u.id ?? i}`, () => {
    const r = new SCIMMY.Schemas.User(u, "out");
    same(`user ${u.id}`, u, JSON.parse(JSON.stringify(r)), ["id", "userName", "active", "emails"]);
    const ext = r["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"];
    if (!ext || ext.employeeNumber !== u["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"].employeeNumber) {
      throw new Error("the enterprise extension was lost");
    }
  });
}
for (const [i, g] of (input.groups ?? []).entries()) {
  check(`group ${g.id ?? i}`, () => {
    const r = new SCIMMY.Schemas.Group(g, "out");
    same(`group ${g.id}`, g, JSON.parse(JSON.stringify(r)), ["id", "displayName"]);
  });
}
for (const [i, t] of (input.resourceTypes ?? []).entries()) {
  check(`resource type ${t.id ?? i}`, () => new SCIMMY.Schemas.ResourceType(t, "out"));
}
for (const c of input.serviceProviderConfig ?? []) {
  check("service provider config", () => new SCIMMY.Schemas.ServiceProviderConfig(c, "out"));
}
for (const [i, l] of (input.lists ?? []).entries()) {
  check(`list response ${i}`, () => {
    const r = new SCIMMY.Messages.ListResponse(l);
    if (r.totalResults !== l.totalResults || r.Resources.length !== l.Resources.length) {
      throw new Error(`totalResults ${r.totalResults} / ${r.Resources.length} resources, sent ${l.totalResults} / ${l.Resources.length}`);
    }
  });
}
for (const [i, p] of (input.patches ?? []).entries()) {
  check(`patch request ${i}`, () => new SCIMMY.Messages.PatchOp(p));
}
for (const [i, e] of (input.errors ?? []).entries()) {
  check(`error ${i}`, () => {
    const r = new SCIMMY.Messages.Error({ status: Number(e.status), scimType: e.scimType, detail: e.detail });
    if (String(r.status) !== e.status || r.scimType !== e.scimType || JSON.stringify(r.schemas) !== JSON.stringify(e.schemas)) {
      throw new Error(`SCIMMY made ${JSON.stringify(r)} of ${JSON.stringify(e)}`);
    }
  });
}
console.log(`scimmy checked ${checked} documents, ${failures} failed`);
process.exit(failures ? 1 : 0);
