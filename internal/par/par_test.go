package par

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func name(i int) string { return fmt.Sprintf("item-%d", i) }

func TestEachRunsAllWithinLimit(t *testing.T) {
	var running, peak, done int32
	err := Each(50, 3, name, func(i int) error {
		n := atomic.AddInt32(&running, 1)
		for {
			p := atomic.LoadInt32(&peak)
			if n <= p || atomic.CompareAndSwapInt32(&peak, p, n) {
				break
			}
		}
		atomic.AddInt32(&done, 1)
		atomic.AddInt32(&running, -1)
		return nil
	})
	if err != nil || done != 50 || peak > 3 {
		t.Errorf("err %v, done %d, peak %d", err, done, peak)
	}
}

func TestEachPanicNamesItem(t *testing.T) {
	err := Each(10, 2, name, func(i int) error {
		if i == 4 {
			panic("boom")
		}
		return nil
	})
	var p *Panic
	if !errors.As(err, &p) || p.Item != "item-4" || !strings.Contains(err.Error(), "item-4: internal error") || !strings.Contains(err.Error(), "boom") {
		t.Fatalf("err %v", err)
	}
}

func TestEachFirstErrorByIndex(t *testing.T) {
	err := Each(10, 10, name, func(i int) error {
		if i == 7 || i == 3 {
			return fmt.Errorf("e%d", i)
		}
		return nil
	})
	if err == nil || err.Error() != "e3" {
		t.Errorf("err %v, want e3", err)
	}
}

func TestOrderedConsumesInOrder(t *testing.T) {
	var got []int
	err := Ordered(context.Background(), 100, 4, 8, name,
		func(i int) (int, error) { return i * i, nil },
		func(i, v int) error {
			if v != i*i {
				return fmt.Errorf("item %d got %d", i, v)
			}
			got = append(got, i)
			return nil
		})
	if err != nil || len(got) != 100 {
		t.Fatalf("err %v, %d consumed", err, len(got))
	}
	for i, v := range got {
		if v != i {
			t.Fatalf("consumed out of order: %v", got)
		}
	}
}

func TestOrderedWindowBoundsProduction(t *testing.T) {
	var produced, consumed int32
	err := Ordered(context.Background(), 200, 2, 5, name,
		func(i int) (int, error) {
			if p, c := atomic.AddInt32(&produced, 1), atomic.LoadInt32(&consumed); p-c > 5+1 {
				return 0, fmt.Errorf("produced %d with %d consumed", p, c)
			}
			return i, nil
		},
		func(i, v int) error { atomic.AddInt32(&consumed, 1); return nil })
	if err != nil {
		t.Fatal(err)
	}
}

func TestOrderedPanicStopsAndNames(t *testing.T) {
	var consumed int32
	err := Ordered(context.Background(), 50, 3, 6, name,
		func(i int) (int, error) {
			if i == 10 {
				panic(errors.New("bad article"))
			}
			return i, nil
		},
		func(i, v int) error { atomic.AddInt32(&consumed, 1); return nil })
	if err == nil || !strings.Contains(err.Error(), "item-10: internal error") {
		t.Fatalf("err %v", err)
	}
	if consumed != 10 {
		t.Errorf("consumed %d items before the failure, want 10", consumed)
	}
}

func TestOrderedCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	err := Ordered(ctx, 1000, 2, 4, name,
		func(i int) (int, error) { return i, nil },
		func(i, v int) error {
			if i == 5 {
				cancel()
			}
			return nil
		})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err %v, want context.Canceled", err)
	}
}

// The weights ahead of the consumer stay within the budget, an item heavier
// than the budget runs alone, and every item is still consumed in order.
func TestOrderedWeightedBudget(t *testing.T) {
	weights := []int64{1, 1, 9, 2, 2, 2, 30, 1, 5, 5, 1, 1, 1, 1, 8, 1}
	const budget = 10
	var mu sync.Mutex
	var ahead, worst int64
	var order []int
	err := OrderedWeighted(context.Background(), len(weights), 4, 8,
		func(i int) int64 { return weights[i] }, budget, name,
		func(i int) (int, error) {
			mu.Lock()
			ahead += min(weights[i], budget)
			worst = max(worst, ahead)
			mu.Unlock()
			time.Sleep(time.Millisecond) // let the others start if they may
			return i, nil
		},
		func(i, v int) error {
			mu.Lock()
			ahead -= min(weights[i], budget)
			mu.Unlock()
			order = append(order, v)
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
	if worst > budget {
		t.Errorf("%d of weight ahead of the consumer, budget %d", worst, budget)
	}
	for i, v := range order {
		if v != i {
			t.Fatalf("consumed out of order: %v", order)
		}
	}
	if len(order) != len(weights) {
		t.Errorf("consumed %d of %d", len(order), len(weights))
	}
}
