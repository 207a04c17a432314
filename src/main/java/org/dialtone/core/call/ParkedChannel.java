package org.dialtone.core.call;


/** What a parking spot holds: the parked channel and the call it belongs to. */
record ParkedChannel(Call call, Channel channel) {}
