import { BcryptHasher } from "./BcryptHasher";
import { HasherRegistry } from "./HasherRegistry";
import { Pbkdf2Sha256Hasher, DJANGO_PBKDF2_ITERATIONS } from "./Pbkdf2Sha256Hasher";

export interface HasherCosts {
  bcryptCost?: number;
  pbkdf2Iterations?: number;
}

/** Every format the service reads; more formats register here. */
export function createHasherRegistry(writeAlgorithm: string, costs: HasherCosts = {}): HasherRegistry {
  return new HasherRegistry(
    [new BcryptHasher(costs.bcryptCost ?? 10), new Pbkdf2Sha256Hasher(costs.pbkdf2Iterations ?? DJANGO_PBKDF2_ITERATIONS)],
    writeAlgorithm,
  );
}
