/** Bad input to the emulator's own API (seeding, connections, faults): a 400 over HTTP. */
export class EmulatorInputError extends Error {
  override name = "EmulatorInputError";
}
