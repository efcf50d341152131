package com.example.orders;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Orders in PostgreSQL (table tp_spring_orders). */
@Service
public class OrderService {
    private final JdbcClient jdbc;
    private final PaymentClient payments;

    public OrderService(JdbcClient jdbc, PaymentClient payments) {
        this.jdbc = jdbc;
        this.payments = payments;
    }

    /**
     * Records the order, charges it and marks it paid, in one transaction. The payment call is
     * inside the transaction on purpose: it is the incident's mistake, which Tidepool reports
     * (the connection sits idle in a transaction while the HTTP call waits).
     */
    @Transactional
    public Order placeOrder(String item) {
        long id = jdbc.sql("INSERT INTO tp_spring_orders (item, status) VALUES (?, 'new') RETURNING id")
                .param(item).query(Long.class).single();
        payments.charge(id);
        jdbc.sql("UPDATE tp_spring_orders SET status = 'paid' WHERE id = ?").param(id).update();
        return new Order(id, item, "paid");
    }

    @Transactional(readOnly = true)
    public List<Order> recent() {
        return jdbc.sql("SELECT id, item, status FROM tp_spring_orders ORDER BY id DESC LIMIT 20")
                .query((rs, n) -> new Order(rs.getLong("id"), rs.getString("item"), rs.getString("status"))).list();
    }
}
