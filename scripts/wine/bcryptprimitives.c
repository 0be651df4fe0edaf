/*
 * bcryptprimitives.dll for the release test under Debian 12's wine 8.0,
 * which lacks it. Go's runtime (since Go 1.22, Windows 10 and later) takes
 * its random numbers from ProcessPrng in this DLL; real Windows has it, so
 * this file is never shipped: scripts/release-test.sh builds it with
 * mingw-w64 into the test's own wine prefix only.
 */
#include <windows.h>
#include <ntsecapi.h>

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
	while (len > 0) {
		ULONG n = len > 0x10000000 ? 0x10000000 : (ULONG)len;
		if (!RtlGenRandom(data, n))
			return FALSE;
		data += n;
		len -= n;
	}
	return TRUE;
}
