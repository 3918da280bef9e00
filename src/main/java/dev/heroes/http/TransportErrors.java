package dev.heroes.http;

import dev.heroes.api.Json;
import dev.heroes.api.validation.RequestBody;
import io.helidon.http.DirectHandler;
import io.helidon.http.DirectHandler.EventType;
import io.helidon.http.DirectHandler.TransportRequest;
import io.helidon.http.DirectHandler.TransportResponse;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answers Helidon gives itself, before a request reaches the routes (a malformed request line or
 * header, a request line or header section too large, an HTTP version it does not speak) or when a
 * request breaks the transport's rules while a route reads it (a bad chunked framing): in the
 * contract's {@code {"detail": ...}} JSON, like every other answer, instead of Helidon's empty or
 * plain-text bodies. That is the contract, not a workaround; two of its answers also mend a
 * Helidon 4.5 status (431, and 400 for a header section cut off), each said where it is made.
 */
public final class TransportErrors implements DirectHandler {

    /**
     * What Helidon says when a request's header section is larger than its limit: an
     * {@code IllegalStateException} of {@code Http1HeadersParser}, answered 400 with no event of its
     * own, where RFC 6585 has 431. Upstream: no issue found as of 2026-12. The match can go when
     * Helidon answers 431 itself: {@code HostileInputTest.transportErrorsAreAnsweredInJson} then
     * passes without it.
     */
    private static final String HEADERS_TOO_LARGE_MESSAGE = "Header size exceeded";

    /** What Helidon says instead of an exception's message that is not meant for clients. */
    private static final String UNSAFE_MESSAGE_PLACEHOLDER = "Bad request, see server log for more information";

    static final Status HEADER_FIELDS_TOO_LARGE_431 = Status.create(431, "Request Header Fields Too Large");

    /**
     * Why HTTP/1.0 is refused, and what a client or proxy in front of the service can do about it.
     * Helidon 4 does not speak HTTP/1.0 (helidon-io/helidon#9604, open) and since
     * helidon-io/helidon#9715 answers it 505, when HTTP/1.1 is the listener's only protocol (see
     * HeroesApp). This detail stays as long as Helidon refuses HTTP/1.0.
     */
    static final String HTTP_1_0_REFUSED = "HTTP Version Not Supported: this service speaks HTTP/1.1; send"
            + " HTTP/1.1 requests (a proxy in front of it too: nginx needs proxy_http_version 1.1)";

    private static final Logger LOG = LoggerFactory.getLogger(TransportErrors.class);

    /** One line a second at most: a client can send malformed requests as fast as it likes. */
    private final ThrottledLog unreadable = new ThrottledLog(Duration.ofSeconds(1));

    private final Json json;

    private TransportErrors(Json json) {
        this.json = json;
    }

    /** The handlers for every event type, all answering with {@code {"detail": ...}}. */
    public static DirectHandlers directHandlers(Json json) {
        TransportErrors handler = new TransportErrors(json);
        DirectHandlers.Builder handlers = DirectHandlers.builder();
        for (EventType type : EventType.values()) {
            handlers.addHandler(type, handler);
        }
        return handlers.build();
    }

    @Override
    public TransportResponse handle(
            TransportRequest request,
            EventType eventType,
            Status status,
            ServerResponseHeaders headers,
            String message) {
        Answer answer = answer(request, eventType, status, message);
        headers.set(HeaderValues.create(HeaderNames.CONTENT_TYPE, "application/json"));
        StandingHeaders.addTo(headers);
        if (answer.status().code() == Status.SERVICE_UNAVAILABLE_503.code()) {
            headers.set(HeaderValues.create(HeaderNames.RETRY_AFTER, ErrorResponses.RETRY_AFTER_SECONDS));
        }
        return TransportResponse.builder()
                .headers(headers)
                .status(answer.status())
                .entity(json.bytes(Map.of("detail", answer.detail())))
                .build();
    }

    private record Answer(Status status, String detail) {}

    private Answer answer(TransportRequest request, EventType eventType, Status status, String message) {
        if (eventType == EventType.INTERNAL_ERROR && request.path().isEmpty()) {
            // A failure while Helidon still read the request line and headers, before it knew the
            // path: the connection ended halfway through them (a half-close), or they could not be
            // read at all. The request is at fault, not the service, but Helidon 4.5's
            // Http1Connection turns any such Throwable into INTERNAL_ERROR, a 500. Upstream: no
            // issue found as of 2026-12. This branch can go when Helidon reports a request cut off
            // in its headers as BAD_REQUEST itself, its detail then mapped in the 400 case below
            // (HostileInputTest.transportErrorsAreAnsweredInJson, "halfway", pins that detail).
            unreadable.occurred(count -> LOG.warn(
                    "A request could not be read before routing ({}); answered 400 ({} such request(s) since the"
                            + " last line)",
                    message,
                    count));
            return new Answer(Status.BAD_REQUEST_400, "Bad Request: the request could not be read to its end");
        }
        if (eventType == EventType.HTTP_VERSION_NOT_SUPPORTED) {
            return new Answer(Status.HTTP_VERSION_NOT_SUPPORTED_505, HTTP_1_0_REFUSED);
        }
        if (HEADERS_TOO_LARGE_MESSAGE.equals(message)) {
            return new Answer(HEADER_FIELDS_TOO_LARGE_431, HEADER_FIELDS_TOO_LARGE_431.reasonPhrase());
        }
        return switch (status.code()) {
            case 400 ->
                new Answer(
                        status,
                        message == null || message.isBlank() || message.equals(UNSAFE_MESSAGE_PLACEHOLDER)
                                ? "Bad Request"
                                : "Bad Request: " + message);
            case 413 -> new Answer(status, RequestBody.tooLarge().detail());
            case 414 -> new Answer(status, "URI Too Long");
            case 500 -> new Answer(status, "Internal Server Error");
            case 503 -> new Answer(status, "Service Unavailable");
            default -> new Answer(status, status.reasonPhrase());
        };
    }
}
