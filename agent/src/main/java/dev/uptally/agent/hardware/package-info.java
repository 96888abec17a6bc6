/**
 * The agent's view of the machine: {@link dev.uptally.agent.hardware.HardwareReader} (health each
 * interval, inventory rarely, boot time, battery, server OS) with an OSHI implementation, and the
 * {@code deviceClass: auto} rule in {@link dev.uptally.agent.hardware.DeviceClassResolver}.
 */
package dev.uptally.agent.hardware;
