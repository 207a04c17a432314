package org.dialtone.http.action;

import java.util.concurrent.CompletableFuture;

/**
 * The action routes, one table used both to register them and by the test that holds the OpenAPI document to them.
 */
public enum ActionRoute {
    ORIGINATE("/v1.0/action/chan/originate", CallControlActions::originate),
    BLIND_TRANSFER("/v1.0/action/chan/blind-transfer", CallControlActions::blindTransfer),
    PARK("/v1.0/action/chan/park", CallControlActions::park),
    UNPARK("/v1.0/action/chan/unpark", CallControlActions::unpark);

    /** Where the OpenAPI document of the whole API is served (GET, no authentication). */
    public static final String OPENAPI_PATH = org.dialtone.http.openapi.OpenApiDocument.PATH;

    @FunctionalInterface
    interface Action {
        CompletableFuture<ActionResponse> run(CallControlActions actions, String customerCode, RequestFields fields);
    }

    /** Every action is a POST. */
    public final String path;
    final Action action;

    ActionRoute(String path, Action action) {
        this.path = path;
        this.action = action;
    }
}
