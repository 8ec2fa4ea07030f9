export * from "./Auth0Emulator";
export { checkPasswordPolicy, isPasswordPolicy, PASSWORD_POLICIES } from "./passwordPolicy";
export { FaultConfigError, parseFaultConfig } from "./FaultInjector";
export { EmulatorInputError } from "./EmulatorInputError";
export { EmulatorStoreError } from "./EmulatorStore";
