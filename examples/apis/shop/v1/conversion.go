/*
Copyright The kubegen Authors.

Licensed under the Apache License, Version 2.0 (the "License");
you may not use this file except in compliance with the License.
You may obtain a copy of the License at

	http://www.apache.org/licenses/LICENSE-2.0

Unless required by applicable law or agreed to in writing, software
distributed under the License is distributed on an "AS IS" BASIS,
WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
See the License for the specific language governing permissions and
limitations under the License.
*/
package v1

import (
	"fmt"

	"k8s.io/apimachinery/pkg/conversion"

	"github.com/kubegen/kubegen/examples/apis/shop"
)

// The store spec differs between v1 and the internal version: v1's
// Coordinates pair is the internal Location, and the discounts are
// interfaces, which generated code does not convert. These functions
// convert those fields and leave the rest to the generated ones.

// Convert_v1_StoreSpec_To_shop_StoreSpec converts a v1 store spec to the
// internal version.
func Convert_v1_StoreSpec_To_shop_StoreSpec(in *StoreSpec, out *shop.StoreSpec, s conversion.Scope) error {
	if err := autoConvert_v1_StoreSpec_To_shop_StoreSpec(in, out, s); err != nil {
		return err
	}
	out.Location = shop.GeoPoint{Latitude: in.Coordinates[0], Longitude: in.Coordinates[1]}
	var err error
	out.Discounts, err = convertDiscounts(in.Discounts, func(d Discount) (shop.Discount, error) {
		if d, ok := d.(*PercentOff); ok {
			if d == nil {
				return (*shop.PercentOff)(nil), nil
			}
			p := new(shop.PercentOff)
			return p, Convert_v1_PercentOff_To_shop_PercentOff(d, p, s)
		}
		return nil, fmt.Errorf("a %T cannot be converted: add its case to Convert_v1_StoreSpec_To_shop_StoreSpec", d)
	})
	return err
}

// Convert_shop_StoreSpec_To_v1_StoreSpec converts an internal store spec
// to v1.
func Convert_shop_StoreSpec_To_v1_StoreSpec(in *shop.StoreSpec, out *StoreSpec, s conversion.Scope) error {
	if err := autoConvert_shop_StoreSpec_To_v1_StoreSpec(in, out, s); err != nil {
		return err
	}
	out.Coordinates = [2]float64{in.Location.Latitude, in.Location.Longitude}
	var err error
	out.Discounts, err = convertDiscounts(in.Discounts, func(d shop.Discount) (Discount, error) {
		if d, ok := d.(*shop.PercentOff); ok {
			if d == nil {
				return (*PercentOff)(nil), nil
			}
			p := new(PercentOff)
			return p, Convert_shop_PercentOff_To_v1_PercentOff(d, p, s)
		}
		return nil, fmt.Errorf("a %T cannot be converted: add its case to Convert_shop_StoreSpec_To_v1_StoreSpec", d)
	})
	return err
}

// convertDiscounts converts each discount that is not nil; a nil list
// stays nil.
func convertDiscounts[In, Out any](in []In, convert func(In) (Out, error)) ([]Out, error) {
	if in == nil {
		return nil, nil
	}
	out := make([]Out, len(in))
	for i, d := range in {
		if any(d) == nil {
			continue
		}
		var err error
		if out[i], err = convert(d); err != nil {
			return nil, fmt.Errorf("spec.discounts[%d]: %w", i, err)
		}
	}
	return out, nil
}
