package com.example.orders;

/** An order as the API shows it. */
public record Order(long id, String item, String status) {
}
