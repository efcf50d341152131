package com.example.orders;

import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /orders?item=...} places an order; {@code GET /orders} lists the recent ones. */
@RestController
public class OrderController {
    private final OrderService orders;

    public OrderController(OrderService orders) {
        this.orders = orders;
    }

    @PostMapping("/orders")
    public Order create(@RequestParam("item") String item) {
        return orders.placeOrder(item);
    }

    @GetMapping("/orders")
    public List<Order> list() {
        return orders.recent();
    }
}
