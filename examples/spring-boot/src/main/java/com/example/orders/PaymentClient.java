package com.example.orders;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Calls the payment service over HTTP: the slow call of the incident. */
@Component
public class PaymentClient {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI paymentUrl;

    public PaymentClient(@Value("${orders.payment-url}") URI paymentUrl) {
        this.paymentUrl = paymentUrl;
    }

    /** Charges order {@code id}; waits at most 30 s for the payment service. */
    public void charge(long id) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(paymentUrl + "?order=" + id))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.noBody()).build();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("payment of order " + id + " failed: HTTP " + response.statusCode());
            }
        } catch (IOException e) {
            throw new IllegalStateException("payment of order " + id + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while paying order " + id, e);
        }
    }
}
