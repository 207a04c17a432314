package org.dialtone.sip;

import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.message.Response;

/** A leg that sent INVITEs (to devices, or to a trunk) and is told their responses and timeouts. */
interface InviteClient {
    void onResponse(Response response, Dialog dialog, ClientTransaction tx);

    void onTimeout(ClientTransaction tx);
}
