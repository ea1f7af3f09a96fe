/*
 * eigen_sym.c — cyclic Jacobi eigen-decomposition of a symmetric matrix (see eigen_sym.h).
 */
#include "eigen_sym.h"
#include "runtime.h"

#include <math.h>
#include <string.h>

int
cr_eigen_sym(int n, const double *a, double *w, double *v)
{
	double		m[CR_EIGEN_MAX_DIM * CR_EIGEN_MAX_DIM];
	double		norm = 0;
	int			sweep,
				i,
				j,
				k;

	if (n < 1 || n > CR_EIGEN_MAX_DIM)
		return -1;
	for (i = 0; i < n * n; i++)
	{
		if (!isfinite(a[i]))
			return -1;
		m[i] = a[i];
		norm += a[i] * a[i];
	}
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
			v[i * n + j] = (i == j) ? 1.0 : 0.0;

	for (sweep = 0; sweep < 100; sweep++)
	{
		double		off = 0;

		cr_check_interrupts();
		for (i = 0; i < n; i++)
			for (j = i + 1; j < n; j++)
				off += m[i * n + j] * m[i * n + j];
		/* stop when the off-diagonal part is below rounding of the whole (GvL 8.5.3) */
		if (off <= 1e-32 * norm || off == 0)
			break;
		for (i = 0; i < n; i++)
			for (j = i + 1; j < n; j++)
			{
				double		apq = m[i * n + j],
							tau,
							t,
							c,
							s;

				if (apq == 0)
					continue;
				/* the rotation that zeroes m_ij (GvL Algorithm 8.5.1, symSchur2) */
				tau = (m[j * n + j] - m[i * n + i]) / (2.0 * apq);
				t = (tau >= 0 ? 1.0 : -1.0) / (fabs(tau) + sqrt(1.0 + tau * tau));
				if (!isfinite(t))
					t = 0.5 / tau;	/* tau so large that tau^2 overflows: t ~ 1/(2 tau) */
				c = 1.0 / sqrt(1.0 + t * t);
				s = t * c;
				for (k = 0; k < n; k++)
				{
					double		mki = m[k * n + i],
								mkj = m[k * n + j];

					m[k * n + i] = c * mki - s * mkj;
					m[k * n + j] = s * mki + c * mkj;
				}
				for (k = 0; k < n; k++)
				{
					double		mik = m[i * n + k],
								mjk = m[j * n + k];

					m[i * n + k] = c * mik - s * mjk;
					m[j * n + k] = s * mik + c * mjk;
				}
				for (k = 0; k < n; k++)
				{
					double		vki = v[k * n + i],
								vkj = v[k * n + j];

					v[k * n + i] = c * vki - s * vkj;
					v[k * n + j] = s * vki + c * vkj;
				}
			}
	}
	if (sweep == 100)
		return -1;

	for (i = 0; i < n; i++)
		w[i] = m[i * n + i];
	/* sort ascending (selection sort: n is small), columns of v along */
	for (i = 0; i < n; i++)
	{
		int			lo = i;

		for (j = i + 1; j < n; j++)
			if (w[j] < w[lo])
				lo = j;
		if (lo != i)
		{
			double		t = w[i];

			w[i] = w[lo];
			w[lo] = t;
			for (k = 0; k < n; k++)
			{
				t = v[k * n + i];
				v[k * n + i] = v[k * n + lo];
				v[k * n + lo] = t;
			}
		}
	}
	return 0;
}
