/**
 * Device lifecycle and hardware lifetimes: retiring and reinstating devices, hardware changes read from consecutive
 * inventories (and an operator's corrections of them), and non-repairable MTTF per hardware and drive model with
 * censored units. Reads the fleet; owns {@link dev.uptally.collector.lifecycle.LifecycleStore}.
 */
package dev.uptally.collector.lifecycle;
