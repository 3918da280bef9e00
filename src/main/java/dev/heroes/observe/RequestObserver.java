package dev.heroes.observe;

import dev.heroes.model.Caller;
import io.helidon.http.HeaderValues;
import io.helidon.http.Method;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;
import java.util.function.Function;

/**
 * The first filter of every API request: gives it its {@link RequestId} (echoed in the response and
 * bound for every log line it causes) and the {@link TraceContext} it came in, if any, then, once it is answered, counts it in
 * {@link HttpMetrics} and writes its {@link AccessLog} line. Errors are answered inside the chain,
 * so their status and their log lines are seen here too.
 */
final class RequestObserver implements Filter {

    private final HttpMetrics metrics;
    private final AccessLog accessLog;
    private final boolean accessLogOn;
    private final boolean namesCallers;
    private final Function<ServerRequest, String> clientAddress;
    private final Drain drain;

    RequestObserver(
            HttpMetrics metrics,
            AccessLog accessLog,
            boolean accessLogOn,
            boolean namesCallers,
            Function<ServerRequest, String> clientAddress,
            Drain drain) {
        this.clientAddress = clientAddress;
        this.metrics = metrics;
        this.accessLog = accessLog;
        this.accessLogOn = accessLogOn;
        this.namesCallers = namesCallers;
        this.drain = drain;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        long started = System.nanoTime();
        String id = RequestId.of(req.headers());
        res.header(RequestId.HEADER, id);
        if (drain.isDraining()) {
            res.header(HeaderValues.CONNECTION_CLOSE);
        }
        ScopedValue.Carrier bound = ScopedValue.where(RequestId.CURRENT, id);
        TraceContext trace = TraceContext.of(req.headers());
        if (trace != null) {
            bound = bound.where(TraceContext.CURRENT, trace);
        }
        if (namesCallers) {
            Caller.Slot slot = new Caller.Slot();
            bound.where(Caller.SLOT, slot).run(() -> observe(chain, req, res, started, id, slot));
        } else {
            bound.run(() -> observe(chain, req, res, started, id, null));
        }
    }

    /** @param slot where authentication leaves the caller; null when it is off */
    private void observe(
            FilterChain chain, RoutingRequest req, RoutingResponse res, long started, String id, Caller.Slot slot) {
        drain.requestStarted();
        Method method = req.prologue().method();
        int methodIndex = metrics.started(method);
        try {
            chain.proceed();
        } finally {
            drain.requestEnded();
            long took = System.nanoTime() - started;
            int status = res.status().code();
            String route = metrics.record(req.matchingPattern().orElse(""), methodIndex, status, took);
            if (accessLogOn && accessLog.isOn()) {
                // Who, as authentication established it (never the credential); none when it is off
                // or refused the request before knowing.
                Caller caller = slot == null ? null : slot.caller();
                accessLog.log(
                        new AccessLog.Entry(
                                method.text(),
                                route,
                                status,
                                res.bytesWritten(),
                                took,
                                clientAddress.apply(req),
                                caller),
                        id);
            }
        }
    }
}
