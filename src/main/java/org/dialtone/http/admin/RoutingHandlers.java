package org.dialtone.http.admin;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dialtone.core.admin.Administration;
import org.dialtone.core.admin.AuditEntry;
import org.dialtone.core.admin.Owned;
import org.dialtone.core.admin.RingGroupChange;
import org.dialtone.core.dialplan.Did;
import org.dialtone.core.dialplan.RingGroup;

/** DIDs, ring groups and the audit log of the management API, as JSON. */
final class RoutingHandlers {
    static final int DEFAULT_AUDIT_PAGE = 50;
    static final int MAX_AUDIT_PAGE = 500;

    private final Administration admin;

    RoutingHandlers(Administration admin) { this.admin = admin; }

    void dids(Context ctx, String actor) {
        AdminRoutes.data(ctx, 200, admin.dids(ctx.pathParam("code")).stream().map(RoutingHandlers::did).toList());
    }

    void createDid(Context ctx, String actor) {
        JsonBody body = JsonBody.of(ctx);
        AdminRoutes.data(ctx, 201, did(admin.createDid(actor, ctx.pathParam("code"), body.text("number"),
                body.text("destination"))));
    }

    void deleteDid(Context ctx, String actor) {
        admin.deleteDid(actor, ctx.pathParam("code"), ctx.pathParam("number"));
        ctx.status(204);
    }

    void ringGroups(Context ctx, String actor) {
        AdminRoutes.data(ctx, 200, admin.ringGroups(ctx.pathParam("code")).stream().map(RoutingHandlers::ringGroup).toList());
    }

    void createRingGroup(Context ctx, String actor) {
        JsonBody body = JsonBody.of(ctx);
        AdminRoutes.data(ctx, 201, ringGroup(admin.createRingGroup(actor, ctx.pathParam("code"), body.text("number"),
                body.text("name"), body.texts("members"), body.integer("ring_timeout_seconds"))));
    }

    /** PATCH: what the body names changes; {@code "ring_timeout_seconds": null} returns to the switch's ring timeout. */
    void updateRingGroup(Context ctx, String actor) {
        JsonBody body = JsonBody.of(ctx);
        for (String field : List.of("name", "members")) {
            if (body.isNull(field)) {
                throw new BodyException(400, "invalid_field", field + " cannot be null; leave it out to keep it", field);
            }
        }
        var change = new RingGroupChange(body.text("name"), body.texts("members"), body.has("ring_timeout_seconds"),
                body.integer("ring_timeout_seconds"));
        AdminRoutes.data(ctx, 200, ringGroup(admin.updateRingGroup(actor, ctx.pathParam("code"),
                ctx.pathParam("number"), change)));
    }

    void deleteRingGroup(Context ctx, String actor) {
        admin.deleteRingGroup(actor, ctx.pathParam("code"), ctx.pathParam("number"));
        ctx.status(204);
    }

    /** {@code ?limit=} (1-500, default 50) and {@code ?cursor=} (the previous page's {@code next_cursor}). */
    void audit(Context ctx, String actor) {
        int limit = DEFAULT_AUDIT_PAGE;
        String limitParam = ctx.queryParam("limit");
        if (limitParam != null) {
            try {
                limit = Integer.parseInt(limitParam.strip());
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_AUDIT_PAGE) {
                throw new BodyException(400, "invalid_field", "limit must be 1-" + MAX_AUDIT_PAGE, "limit");
            }
        }
        Long before = null;
        String cursor = ctx.queryParam("cursor");
        if (cursor != null && !cursor.isEmpty()) {
            try {
                before = Long.parseLong(cursor);
            } catch (NumberFormatException e) {
                throw new BodyException(400, "invalid_field", "cursor must be a next_cursor from a previous page", "cursor");
            }
        }
        List<AuditEntry> page = admin.audit(limit, before);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("data", page.stream().map(RoutingHandlers::entry).toList());
        out.put("next_cursor", page.size() == limit ? Long.toString(page.getLast().id()) : null);
        ctx.status(200).json(out);
    }

    static Map<String, Object> did(Owned<Did> d) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("number", d.item().number());
        out.put("destination", d.item().destination());
        out.put("managed_by", d.managedBy().wire());
        return out;
    }

    static Map<String, Object> ringGroup(Owned<RingGroup> g) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("number", g.item().number());
        out.put("name", g.item().name());
        out.put("members", g.item().members());
        out.put("ring_timeout_seconds", g.item().ringTimeout() == null ? null : g.item().ringTimeout().toSeconds());
        out.put("managed_by", g.managedBy().wire());
        return out;
    }

    static Map<String, Object> entry(AuditEntry e) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", e.id());
        out.put("at", e.at().toString());
        out.put("actor", e.actor());
        out.put("action", e.action());
        out.put("object", e.object());
        out.put("detail", e.detail());
        return out;
    }
}
