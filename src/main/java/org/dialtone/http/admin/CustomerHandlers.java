package org.dialtone.http.admin;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dialtone.core.admin.Administration;
import org.dialtone.core.admin.Created;
import org.dialtone.core.admin.Owned;
import org.dialtone.core.admin.TokenInfo;
import org.dialtone.core.customer.Customer;
import org.dialtone.core.customer.Extension;

/** Customers, extensions and API tokens of the management API, as JSON. A secret appears only in a create's answer. */
final class CustomerHandlers {
    private final Administration admin;

    CustomerHandlers(Administration admin) { this.admin = admin; }

    void list(Context ctx, String actor) {
        AdminRoutes.data(ctx, 200, admin.customers().stream().map(CustomerHandlers::customer).toList());
    }

    void create(Context ctx, String actor) {
        JsonBody body = JsonBody.of(ctx);
        AdminRoutes.data(ctx, 201, customer(admin.createCustomer(actor, body.text("code"), body.text("name"))));
    }

    void get(Context ctx, String actor) { AdminRoutes.data(ctx, 200, customer(admin.customer(ctx.pathParam("code")))); }

    void rename(Context ctx, String actor) {
        JsonBody body = JsonBody.of(ctx);
        AdminRoutes.data(ctx, 200, customer(admin.renameCustomer(actor, ctx.pathParam("code"), body.text("name"))));
    }

    void delete(Context ctx, String actor) {
        admin.deleteCustomer(actor, ctx.pathParam("code"));
        ctx.status(204);
    }

    void extensions(Context ctx, String actor) {
        AdminRoutes.data(ctx, 200, admin.extensions(ctx.pathParam("code")).stream().map(CustomerHandlers::extension).toList());
    }

    void extension(Context ctx, String actor) {
        AdminRoutes.data(ctx, 200, extension(admin.extension(ctx.pathParam("code"), ctx.pathParam("number"))));
    }

    void createExtension(Context ctx, String actor) {
        JsonBody body = JsonBody.of(ctx);
        Created<Extension> created = admin.createExtension(actor, ctx.pathParam("code"), body.text("number"),
                body.text("name"), body.text("sip_username"), body.text("password"));
        AdminRoutes.data(ctx, 201, withPassword(created));
    }

    void renameExtension(Context ctx, String actor) {
        JsonBody body = JsonBody.of(ctx);
        AdminRoutes.data(ctx, 200, extension(admin.renameExtension(actor, ctx.pathParam("code"),
                ctx.pathParam("number"), body.text("name"))));
    }

    void resetPassword(Context ctx, String actor) {
        JsonBody body = JsonBody.of(ctx);
        AdminRoutes.data(ctx, 200, withPassword(admin.resetPassword(actor, ctx.pathParam("code"),
                ctx.pathParam("number"), body.text("password"))));
    }

    void deleteExtension(Context ctx, String actor) {
        admin.deleteExtension(actor, ctx.pathParam("code"), ctx.pathParam("number"));
        ctx.status(204);
    }

    void tokens(Context ctx, String actor) {
        AdminRoutes.data(ctx, 200, admin.tokens(ctx.pathParam("code")).stream().map(CustomerHandlers::token).toList());
    }

    void createToken(Context ctx, String actor) {
        JsonBody body = JsonBody.of(ctx);
        Created<TokenInfo> created = admin.createToken(actor, ctx.pathParam("code"), body.text("label"));
        Map<String, Object> out = token(created.owned());
        out.put("token", created.secret());
        AdminRoutes.data(ctx, 201, out);
    }

    void revokeToken(Context ctx, String actor) {
        admin.revokeToken(actor, ctx.pathParam("code"), ctx.pathParam("id"));
        ctx.status(204);
    }

    static Map<String, Object> customer(Owned<Customer> c) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("code", c.item().code());
        out.put("name", c.item().name());
        out.put("managed_by", c.managedBy().wire());
        return out;
    }

    static Map<String, Object> extension(Owned<Extension> e) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("customer_code", e.item().customerCode());
        out.put("number", e.item().number());
        out.put("name", e.item().displayName());
        out.put("sip_username", e.item().sipUsername());
        out.put("managed_by", e.managedBy().wire());
        return out;
    }

    /** The extension, plus {@code sip_password} when the switch generated it (shown this once). */
    private static Map<String, Object> withPassword(Created<Extension> created) {
        Map<String, Object> out = extension(created.owned());
        if (created.secret() != null) out.put("sip_password", created.secret());
        return out;
    }

    static Map<String, Object> token(Owned<TokenInfo> t) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", t.item().id());
        out.put("label", t.item().label());
        out.put("managed_by", t.managedBy().wire());
        return out;
    }
}
