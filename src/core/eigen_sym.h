/*
 * eigen_sym.h — eigenvalues and eigenvectors of a small symmetric matrix (pure C11).
 *
 * The cyclic Jacobi method (Golub & Van Loan, Matrix Computations, 4th ed., §8.5.2-8.5.3):
 * plane rotations that zero one off-diagonal element at a time, sweep after sweep, until the
 * off-diagonal part is negligible. Quadratically convergent, accurate to a few units in the
 * last place of the largest eigenvalue, and simple; O(n^3) per sweep, which is nothing for the
 * correlation matrices it serves (key_drivers: n <= 20).
 */
#ifndef CR_EIGEN_SYM_H
#define CR_EIGEN_SYM_H

#define CR_EIGEN_MAX_DIM 64

/*
 * a: n x n symmetric, row-major (only read). On success returns 0 with the eigenvalues in w
 * (ascending) and the matching unit eigenvectors in the columns of v (v[i * n + k] is element i
 * of vector k), so a = V diag(w) V^T. Returns -1 for n outside 1 .. CR_EIGEN_MAX_DIM, a
 * non-finite element, or no convergence in 100 sweeps (not seen on finite input).
 */
extern int	cr_eigen_sym(int n, const double *a, double *w, double *v);

#endif							/* CR_EIGEN_SYM_H */
