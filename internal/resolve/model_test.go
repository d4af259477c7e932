package resolve

import (
	"math"
	"testing"
)

// TestEMRecovers fits the Fellegi-Sunter mixture to the exact expected
// pattern counts of a known model (no sampling noise): EM must find λ, m
// and u again.
func TestEMRecovers(t *testing.T) {
	comps := []Comparison{
		{Name: "a", Method: MethodExact}, {Name: "b", Method: MethodExact}, {Name: "c", Method: MethodText},
		{Name: "d", Method: MethodExact},
	}
	lambda := 0.2
	m := [][]float64{{0, 0.95, 0.05}, {0, 0.9, 0.1}, {0, 0.7, 0.2, 0.05, 0.05}, {0, 0.85, 0.15}}
	u := [][]float64{{0, 0.1, 0.9}, {0, 0.05, 0.95}, {0, 0.02, 0.08, 0.2, 0.7}, {0, 0.2, 0.8}}
	counts := map[uint64]float64{}
	const n = 1e6
	var walk func(k int, levels []uint8, pm, pu float64)
	walk = func(k int, levels []uint8, pm, pu float64) {
		if k == len(comps) {
			counts[pattern(levels)] = n * (lambda*pm + (1-lambda)*pu)
			return
		}
		for l := 1; l < len(m[k]); l++ {
			walk(k+1, append(levels, uint8(l)), pm*m[k][l], pu*u[k][l])
		}
	}
	walk(0, nil, 1, 1)
	model := initModel(comps)
	model.em(counts, 500, true)
	if math.Abs(model.Lambda-lambda) > 1e-3 {
		t.Errorf("λ = %.4f; want %.4f", model.Lambda, lambda)
	}
	for k := range comps {
		for l := 1; l < len(m[k]); l++ {
			if math.Abs(model.M[k][l]-m[k][l]) > 2e-3 || math.Abs(model.U[k][l]-u[k][l]) > 2e-3 {
				t.Errorf("comparison %s level %d: m %.4f u %.4f; want %.4f %.4f", comps[k].Name, l, model.M[k][l], model.U[k][l], m[k][l], u[k][l])
			}
		}
	}
	if !model.Trained.Converged {
		t.Errorf("EM did not converge in %d iterations (last change %g)", model.Trained.Iterations, model.Trained.Delta)
	}
	// λ alone, with m and u fixed at the truth.
	model.M, model.U = m, u
	if got := model.emLambda(counts, 200); math.Abs(got-lambda) > 1e-4 {
		t.Errorf("emLambda = %.5f; want %.5f", got, lambda)
	}
}

func TestProbabilityWeight(t *testing.T) {
	for _, p := range []float64{1e-6, 0.1, 0.5, 0.9, 0.999} {
		if got := Probability(WeightOf(p)); math.Abs(got-p) > 1e-9 {
			t.Errorf("Probability(WeightOf(%g)) = %g", p, got)
		}
	}
	if w := WeightOf(0.5); w != 0 {
		t.Errorf("WeightOf(0.5) = %g; want 0", w)
	}
	if w := WeightOf(0.8); math.Abs(w-2) > 1e-12 {
		t.Errorf("WeightOf(0.8) = %g; want 2 (odds 4:1)", w)
	}
}
