package dev.heroes.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heroes.config.ConfigException;
import io.helidon.http.HeaderValues;
import io.helidon.http.WritableHeaders;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Who a request came from, through proxies trusted or not. */
class ClientAddressesTest {

    private static final ClientAddresses BEHIND_PROXIES = new ClientAddresses(List.of("10.0.0.0/8", "fd00::/8"));

    private static String client(ClientAddresses addresses, String peer, String... headers) throws Exception {
        WritableHeaders<?> sent = WritableHeaders.create();
        for (int i = 0; i < headers.length; i += 2) {
            sent.add(HeaderValues.create(headers[i], headers[i + 1]));
        }
        return addresses.of(InetAddress.getByName(peer), sent);
    }

    @Test
    void withoutTrustedProxiesTheHeadersAreNeverBelieved() throws Exception {
        ClientAddresses none = new ClientAddresses(List.of());
        assertThat(client(none, "192.0.2.1", "X-Forwarded-For", "198.51.100.7")).isEqualTo("192.0.2.1");
        assertThat(client(none, "192.0.2.1", "Forwarded", "for=198.51.100.7")).isEqualTo("192.0.2.1");
    }

    @Test
    void aTrustedProxyNamesTheClientAndAnUntrustedPeerCannotSpoofOne() throws Exception {
        assertThat(client(BEHIND_PROXIES, "10.1.2.3", "X-Forwarded-For", "198.51.100.7"))
                .isEqualTo("198.51.100.7");
        // The client wrote the left-most entry itself: the right-most untrusted one counts.
        assertThat(client(BEHIND_PROXIES, "10.1.2.3", "X-Forwarded-For", "1.2.3.4, 198.51.100.7, 10.9.9.9"))
                .isEqualTo("198.51.100.7");
        assertThat(client(BEHIND_PROXIES, "192.0.2.1", "X-Forwarded-For", "198.51.100.7"))
                .as("a peer that is no trusted proxy is the client, whatever it says")
                .isEqualTo("192.0.2.1");
        assertThat(client(BEHIND_PROXIES, "10.1.2.3", "X-Forwarded-For", "10.2.2.2, 10.3.3.3"))
                .as("only proxies in the chain: the left-most")
                .isEqualTo("10.2.2.2");
    }

    @Test
    void forwardedIsReadWithPortsQuotesAndIpv6() throws Exception {
        assertThat(client(
                        BEHIND_PROXIES,
                        "fd00::1",
                        "Forwarded",
                        "for=192.0.2.60;proto=http;by=203.0.113.43, for=\"[2001:db8:cafe::17]:4711\"",
                        "X-Forwarded-For",
                        "6.6.6.6"))
                .as("Forwarded wins over X-Forwarded-For")
                .isEqualTo("2001:db8:cafe:0:0:0:0:17");
        assertThat(client(BEHIND_PROXIES, "10.0.0.1", "Forwarded", "For=\"192.0.2.43:47011\""))
                .isEqualTo("192.0.2.43");
    }

    @Test
    void garbageEndsTheWalkAtTheProxyThatWroteIt() throws Exception {
        for (String garbage :
                new String[] {"unknown", "_hidden", "example.com", "", "1.2.3", "\u001b[31m", "999.1.1.1"}) {
            assertThat(client(BEHIND_PROXIES, "10.1.2.3", "X-Forwarded-For", garbage))
                    .as(garbage)
                    .isEqualTo("10.1.2.3");
        }
        assertThat(client(BEHIND_PROXIES, "10.1.2.3", "X-Forwarded-For", "198.51.100.7, junk, 10.4.4.4"))
                .isEqualTo("10.4.4.4");
    }

    @Test
    void trustedProxiesMustBeAddressesOrRanges() {
        assertThatThrownBy(() -> new ClientAddresses(List.of("10.0.0.0/33"))).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> new ClientAddresses(List.of("proxy.internal"))).isInstanceOf(ConfigException.class);
        assertThat(new ClientAddresses(List.of("127.0.0.1", "::1", "192.168.0.0/16")))
                .isNotNull();
    }
}
