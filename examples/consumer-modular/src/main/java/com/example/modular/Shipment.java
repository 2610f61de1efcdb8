package com.example.modular;

import java.io.Serializable;

public record Shipment(int id, int parcels) implements Serializable {
}
