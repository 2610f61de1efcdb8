package com.example.orders;

import java.io.Serializable;

public record Invoice(int orderId, long totalCents, long workerPid) implements Serializable {
}
