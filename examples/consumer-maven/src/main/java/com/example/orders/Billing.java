package com.example.orders;

/** The work, as a user's code would have it: a static method that pool tasks reference. */
public final class Billing {
    private Billing() {
    }

    public static Invoice invoice(Order order) {
        return new Invoice(order.id(), order.cents() * 120 / 100, ProcessHandle.current().pid());
    }
}
