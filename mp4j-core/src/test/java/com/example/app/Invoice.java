package com.example.app;

import java.io.Serializable;

public record Invoice(int orderId, long totalCents) implements Serializable {
    public static Invoice of(Order order) {
        return new Invoice(order.id(), order.cents() * 2);
    }
}
