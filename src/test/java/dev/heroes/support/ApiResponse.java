package dev.heroes.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpHeaders;

/** What the service answered; {@code json} is null when the body is not JSON. */
public record ApiResponse(String method, String path, int status, HttpHeaders headers, String body, JsonNode json) {

    public String header(String name) {
        return headers.firstValue(name).orElse(null);
    }
}
