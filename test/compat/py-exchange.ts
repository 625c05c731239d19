/** Drives test/oracle/py_exchange.py (the official Python SDK's Exchange) over stdin/stdout, one JSON line each way. */
import { pythonOracleAvailable, startPythonScript, type PythonOracle } from "../oracle/oracle.js";

export { pythonOracleAvailable };

/** Python is required under CI=true or HL_PY_ORACLE=1; otherwise the tests skip without the venv. */
export const pythonRequired = process.env.HL_PY_ORACLE === "1" || process.env.CI === "true";

export function startPythonExchangeOracle(timeoutMs = 30_000): PythonOracle {
  return startPythonScript("test/oracle/py_exchange.py", "python exchange oracle", timeoutMs);
}
