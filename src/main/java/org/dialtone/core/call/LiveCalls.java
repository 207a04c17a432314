package org.dialtone.core.call;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.dialtone.core.control.CallControlException;
import org.dialtone.core.control.CallControlException.Reason;
import org.dialtone.core.customer.Extension;
import org.dialtone.core.event.PartyInfo;
import org.dialtone.core.location.Registration;
import org.dialtone.core.location.Registrations;
import org.dialtone.core.parking.Parking;

/**
 * What is live now, per customer: its channels, its parking lot and its extensions' status. The one place that answers
 * it, for the read API.
 * <p>
 * Each call is read on its own mailbox (the task queued behind whatever the call is doing), so a snapshot never shows a
 * call half-way through a change; calls are read in parallel, and the caller (a request's virtual thread) waits at most
 * {@link #ANSWER_WITHIN} for them. Different calls are read at slightly different moments: the answer is consistent
 * per call, not across calls. A call that ends meanwhile simply has no live channel left.
 */
public final class LiveCalls {
    /** Longest wait for the calls to answer; past it the request fails as unavailable (a call's mailbox is stuck). */
    static final Duration ANSWER_WITHIN = Duration.ofSeconds(5);
    private static final Comparator<LiveChannel> OLDEST_FIRST =
            Comparator.comparing(LiveChannel::createdAt).thenComparing(LiveChannel::uniqueId);

    private final CallService service;
    private final Registrations registrations;

    public LiveCalls(CallService service, Registrations registrations) {
        this.service = service;
        this.registrations = registrations;
    }

    /** The live channels of {@code customerCode}, oldest first. */
    public List<LiveChannel> channels(String customerCode) {
        List<Question<List<LiveChannel>>> questions = new ArrayList<>();
        for (Call call : service.calls()) {
            if (call.customerCode().equals(customerCode)) questions.add(new Question<>(call, () -> snapshot(call)));
        }
        return ask(questions).stream().flatMap(List::stream).sorted(OLDEST_FIRST).toList();
    }

    /** Live channel {@code channelId} of {@code customerCode}; empty when unknown, ended or another customer's. */
    public Optional<LiveChannel> channel(String customerCode, String channelId) {
        Call call = channelId == null ? null : service.callOfChannel(channelId);
        if (call == null || !call.customerCode().equals(customerCode)) return Optional.empty();
        return ask(List.of(new Question<>(call, () -> snapshot(call)))).getFirst().stream()
                .filter(c -> c.channelId().equals(channelId)).findFirst();
    }

    /** Every spot of {@code customerCode}'s lot, in order, empty or with its parked call. */
    public List<LiveSpot> parking(String customerCode) {
        var lots = service.parking();
        List<Question<LiveSpot>> questions = new ArrayList<>();
        List<LiveSpot> spots = new ArrayList<>();
        for (String spot : lots.spots()) {
            Optional<Parking<ParkedChannel>> parked = lots.occupant(customerCode, spot);
            if (parked.isEmpty()) {
                spots.add(LiveSpot.empty(spot));
                continue;
            }
            Parking<ParkedChannel> p = parked.get();
            Call call = p.occupant().call();
            questions.add(new Question<>(call, () -> spot(call, p)));
            spots.add(null); // filled in below, keeping the lot's order
        }
        var answers = ask(questions).iterator();
        spots.replaceAll(s -> s != null ? s : answers.next());
        return spots;
    }

    /** The extensions of {@code customerCode} by number, with their devices and status. */
    public List<ExtensionStatus> extensions(String customerCode) {
        List<LiveChannel> live = channels(customerCode);
        return service.directory().extensions(customerCode).stream().map(e -> status(e, live)).toList();
    }

    /** Extension {@code number} of {@code customerCode}, with its devices and status; empty when it has none such. */
    public Optional<ExtensionStatus> extension(String customerCode, String number) {
        return service.directory().extension(customerCode, number).map(e -> status(e, channels(customerCode)));
    }

    private ExtensionStatus status(Extension e, List<LiveChannel> live) {
        List<Registration> devices = registrations.live(e.sipUsername()).stream()
                .sorted(Comparator.comparing(Registration::contactUri)).toList();
        List<LiveChannel> own = live.stream().filter(c -> e.number().equals(c.channel().number())).toList();
        ExtensionStatus.Status status = own.stream().anyMatch(c -> !c.beingRung()) ? ExtensionStatus.Status.ON_CALL
                : !own.isEmpty() ? ExtensionStatus.Status.RINGING
                : devices.isEmpty() ? ExtensionStatus.Status.OFFLINE : ExtensionStatus.Status.IDLE;
        return new ExtensionStatus(e, devices, status);
    }

    // ---- on the call's mailbox ----------------------------------------------------------------------------------

    /** Spot {@code p} of {@code call} as it is now (empty if the call left it meanwhile). */
    private LiveSpot spot(Call call, Parking<ParkedChannel> p) {
        Channel x = p.occupant().channel();
        if (call.parking() != p || x.isGone()) return LiveSpot.empty(p.spot());
        LiveChannel channel = snapshot(call).stream().filter(c -> c.channelId().equals(x.channelId())).findFirst()
                .orElse(null);
        if (channel == null) return LiveSpot.empty(p.spot());
        String parkerName = p.parkerNumber() == null ? null : service.directory()
                .extension(call.customerCode(), p.parkerNumber()).map(Extension::displayName).orElse(null);
        return new LiveSpot(p.spot(), channel, p.parkerNumber(), parkerName, p.parkedAt(), p.timeoutAt());
    }

    /**
     * The live channels of {@code call}. Who is caller and callee follows the events: a channel rung for another is
     * the callee of that one; of two bridged channels, the one rung for the other (or, when neither or both were rung,
     * the later one) is the callee, so both show the same pair.
     */
    static List<LiveChannel> snapshot(Call call) {
        List<Channel> all = call.channelsSnapshot();
        Map<Channel, PartyInfo> parties = new IdentityHashMap<>();
        Parking<ParkedChannel> parking = call.parking();
        List<LiveChannel> out = new ArrayList<>();
        for (Channel c : all) {
            if (c.isGone()) continue;
            Channel peer = call.peerOf(c);
            Channel caller;
            Channel callee;
            if (peer != null) {
                boolean first = callsFirst(call, all, c, peer);
                caller = first ? c : peer;
                callee = first ? peer : c;
            } else if (call.rungFor(c) != null) {
                caller = call.rungFor(c);
                callee = c;
            } else {
                caller = c;
                Channel rung = call.ringingFor(c);
                callee = rung != null ? rung : c;
            }
            String spot = parking != null && parking.occupant().channel() == c ? parking.spot() : null;
            boolean onHold = spot != null || peer != null && peer.leg() != null && peer.leg().media().held();
            out.add(new LiveChannel(c.uniqueId(), call.linkedId(), call.direction().wire(), call.customerCode(),
                    parties.computeIfAbsent(caller, Channel::party), parties.computeIfAbsent(callee, Channel::party),
                    parties.computeIfAbsent(c, Channel::party), c.createdAt(), onHold, spot,
                    peer == null ? null : peer.channelId(), call.beingRung(c)));
        }
        return out;
    }

    /** Of two bridged channels, whether {@code a} is the calling one. */
    private static boolean callsFirst(Call call, List<Channel> all, Channel a, Channel b) {
        Channel aFor = call.rungFor(a);
        Channel bFor = call.rungFor(b);
        if (bFor == a) return true;
        if (aFor == b) return false;
        if ((aFor == null) != (bFor == null)) return aFor == null;
        return all.indexOf(a) < all.indexOf(b);
    }

    // ---- asking calls -----------------------------------------------------------------------------------------------

    /** Something to read from {@code call}, on its mailbox. */
    private record Question<T>(Call call, Supplier<T> read) {}

    /** The answers, in order: every question is queued at once, then all are awaited together. */
    private static <T> List<T> ask(List<Question<T>> questions) {
        if (questions.isEmpty()) return List.of();
        List<CompletableFuture<T>> answers = new ArrayList<>(questions.size());
        for (Question<T> q : questions) {
            CompletableFuture<T> answer = new CompletableFuture<>();
            q.call().execute(() -> {
                try {
                    answer.complete(q.read().get());
                } catch (RuntimeException e) {
                    answer.completeExceptionally(e);
                }
            });
            answers.add(answer);
        }
        try {
            CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
                    .get(ANSWER_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new CallControlException(Reason.UNAVAILABLE, null, "A call did not answer in time; retry");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CallControlException(Reason.UNAVAILABLE, null, "Interrupted");
        }
        return answers.stream().map(CompletableFuture::join).toList();
    }
}
