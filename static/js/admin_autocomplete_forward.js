'use strict';
// The admin's autocomplete (django/contrib/admin/static/admin/js/autocomplete.js), sending along with every search
// the current value of the form's fields named in the select's data-forward attribute (e.g. the office's province,
// so that the sub-district choices are that province's only). Loaded right after Django's file, before the page's
// widgets are set up, so this definition is the one they use.
{
    const $ = django.jQuery;

    $.fn.djangoAdminSelect2 = function() {
        $.each(this, function(i, element) {
            $(element).select2({
                ajax: {
                    data: (params) => {
                        const data = {
                            term: params.term,
                            page: params.page,
                            app_label: element.dataset.appLabel,
                            model_name: element.dataset.modelName,
                            field_name: element.dataset.fieldName
                        };
                        for (const name of (element.dataset.forward || '').split(' ').filter(Boolean)) {
                            const field = element.form && element.form.elements.namedItem(name);
                            if (field && field.value) {
                                data['forward_' + name] = field.value;
                            }
                        }
                        return data;
                    }
                }
            });
        });
        return this;
    };
}
