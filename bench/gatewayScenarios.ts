import { gatewayBench, type LoadResult } from "./gatewayBench";
import { round, setup, type BenchLine } from "./support";

const VERIFY_GOAL = "verify >= 0.6x the bare Koa route's req/s; p99 < 10 ms";

/** The gateway scenarios' lines: /auth/verify (cache on and off) beside bare Koa, and nginx with and without auth_request. */
export async function gatewayLines(db: string, quick: boolean): Promise<BenchLine[]> {
  const connections = 64;
  const seconds = quick ? 3 : 10;
  const r = await gatewayBench({ connections, seconds });
  const base = { db, connections, seconds_each: seconds, load: "autocannon 9, own process; service and bare Koa in the bench's process", session: "valid" };
  const line = (scenario: string, cache: string, verify: LoadResult): BenchLine => {
    const ratio = verify.perSecond / r.bareKoa.perSecond;
    return {
      scenario,
      setup: setup({ ...base, verify_cache: cache }),
      results: {
        verify_per_s: verify.perSecond,
        verify_p50_ms: verify.p50,
        verify_p99_ms: verify.p99,
        verify_non_2xx: verify.non2xx + verify.errors,
        bare_koa_per_s: r.bareKoa.perSecond,
        bare_koa_p50_ms: r.bareKoa.p50,
        bare_koa_p99_ms: r.bareKoa.p99,
        ratio: round(ratio, 2),
      },
      goal: VERIFY_GOAL,
      met: ratio >= 0.6 && verify.p99 < 10 && verify.non2xx + verify.errors === 0,
    };
  };
  const nginxRatio = r.nginxWithAuth.perSecond / r.nginxWithoutAuth.perSecond;
  return [
    line("gateway_verify", "5 s (default)", r.verify),
    line("gateway_verify_cache_off", "0 (database every request)", r.verifyCacheOff),
    {
      scenario: "gateway_nginx",
      setup: setup({ ...base, nginx: "docs/integration.md's config, 1 worker", upstream: "plain Node http, own process", page: "GET /app/page" }),
      results: {
        with_auth_request_per_s: r.nginxWithAuth.perSecond,
        with_auth_request_p50_ms: r.nginxWithAuth.p50,
        with_auth_request_p99_ms: r.nginxWithAuth.p99,
        with_auth_request_non_2xx: r.nginxWithAuth.non2xx + r.nginxWithAuth.errors,
        without_auth_request_per_s: r.nginxWithoutAuth.perSecond,
        without_auth_request_p50_ms: r.nginxWithoutAuth.p50,
        without_auth_request_p99_ms: r.nginxWithoutAuth.p99,
        ratio: round(nginxRatio, 2),
      },
    },
  ];
}
